package keelson.nodes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class SameJsonTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** As the simulated kubelet builds one: no init containers is a null list. */
  private static PodStatus creating() {
    return new PodStatusBuilder().withInitContainerStatuses((java.util.List<ContainerStatus>) null).withPhase("Pending").withHostIP("172.18.0.3").addNewHostIP("172.18.0.3")
        .addNewCondition().withType("Ready").withStatus("False").withReason("ContainersNotReady").endCondition()
        .addNewContainerStatus().withName("web").withImage("nginx").withReady(false).withRestartCount(0)
        .withLastState(new ContainerState()).withNewState().withNewWaiting().withReason("ContainerCreating")
        .endWaiting().endState().endContainerStatus()
        .build();
  }

  @Test
  void aBuiltStatusIsTheSameAsItselfAfterAJsonRoundTripThoughNotEqual() {
    PodStatus sent = creating();
    PodStatus seen = JSON.unmarshal(JSON.asJson(sent), PodStatus.class);

    assertThat(seen).as("fabric8 equality tells null from an empty list").isNotEqualTo(sent);
    assertThat(SameJson.same(sent, seen)).isTrue();
  }

  @Test
  void anyDifferenceTheJsonWouldShowCounts() {
    PodStatus seen = JSON.unmarshal(JSON.asJson(creating()), PodStatus.class);

    assertThat(SameJson.same(new PodStatusBuilder(creating()).withPhase("Running").build(), seen)).isFalse();
    assertThat(SameJson.same(new PodStatusBuilder(creating()).editFirstCondition().withStatus("True")
        .endCondition().build(), seen)).isFalse();
    assertThat(SameJson.same(new PodStatusBuilder(creating()).editFirstContainerStatus().withLastState(null)
        .endContainerStatus().build(), seen)).as("an empty object is not an absent one").isFalse();
    assertThat(SameJson.same(new PodStatusBuilder(creating()).addNewPodIP("10.244.0.2").build(), seen)).isFalse();
    PodStatus extra = creating();
    extra.setAdditionalProperty("resize", "Proposed");
    assertThat(SameJson.same(extra, seen)).isFalse();
  }
}
