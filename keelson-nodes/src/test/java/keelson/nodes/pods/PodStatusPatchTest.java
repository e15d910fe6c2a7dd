package keelson.nodes.pods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import keelson.nodes.Fixtures;
import org.junit.jupiter.api.Test;

/** The kubelet's status patches for the steps {@link PodLifecycle} decides. */
class PodStatusPatchTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private final Node node = Fixtures.node("keelson-node-1", "10.244.0.0/24", "172.18.0.2");

  private static ObjectNode tree(PodStatus status) {
    return status == null ? JsonNodeFactory.instance.objectNode() : JSON.convertValue(status, ObjectNode.class);
  }

  private static JsonNode patch(Pod pod, PodStatus next) {
    return PodStatusPatch.between(pod.getMetadata().getUid(), tree(pod.getStatus()), tree(next));
  }

  private PodStatus step(Pod pod, Instant at, String ip) {
    return ((PodStep.WriteStatus) PodLifecycle.next(pod, node, at, ip, null, PodTimings.immediate())).status();
  }

  @Test
  void containerCreatingCarriesTheUidAndOnlyWhatTheKubeletAdds() {
    Pod pod = Fixtures.boundPod("web-0", "keelson-node-1", T0);
    JsonNode patch = patch(pod, step(pod, T0, null));
    assertThat(patch.fieldNames()).toIterable().containsExactly("metadata", "status");
    assertThat(patch.get("metadata")).isEqualTo(JsonNodeFactory.instance.objectNode()
        .put("uid", pod.getMetadata().getUid()));
    JsonNode status = patch.get("status");
    assertThat(status.get("hostIP").asText()).isEqualTo("172.18.0.2");
    assertThat(status.get("containerStatuses").get(0).at("/state/waiting/reason").asText())
        .isEqualTo("ContainerCreating");
    assertThat(status.get("$setElementOrder/conditions").findValuesAsText("type")).containsExactly(
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
    // What the API server and the scheduler set (phase Pending, qosClass, PodScheduled) is not repeated.
    assertThat(status.has("phase")).isFalse();
    assertThat(status.has("qosClass")).isFalse();
    assertThat(status.get("conditions").findValuesAsText("type")).doesNotContain("PodScheduled");
  }

  @Test
  void runningSendsTheAddressesTheStartedContainersAndTheConditionsThatTurned() {
    Pod pod = Fixtures.boundPod("web-0", "keelson-node-1", T0);
    Pod creating = new PodBuilder(pod).withStatus(step(pod, T0, null)).build();
    JsonNode status = patch(creating, step(creating, T0.plusSeconds(1), "10.244.0.2")).get("status");
    assertThat(status.get("phase").asText()).isEqualTo("Running");
    assertThat(status.get("podIP").asText()).isEqualTo("10.244.0.2");
    assertThat(status.get("podIPs").findValuesAsText("ip")).containsExactly("10.244.0.2");
    assertThat(status.has("hostIP")).isFalse();
    assertThat(status.has("startTime")).isFalse();
    assertThat(status.get("containerStatuses").get(0).at("/state/running/startedAt").asText()).isNotEmpty();
    // PodScheduled and Initialized did not change: the conditions list names only the three that did.
    assertThat(status.get("conditions").findValuesAsText("type"))
        .containsExactly("PodReadyToStartContainers", "Ready", "ContainersReady");
    assertThat(status.get("conditions").get(1).get("reason").isNull()).isTrue();
  }

  @Test
  void anUnchangedStatusGivesAPatchWithoutStatus() {
    Pod pod = Fixtures.boundPod("web-0", "keelson-node-1", T0);
    PodStatus creating = step(pod, T0, null);
    JsonNode patch = PodStatusPatch.between("u", tree(creating), tree(creating));
    assertThat(patch.has("status")).isFalse();
    assertThat(patch.at("/metadata/uid").asText()).isEqualTo("u");
  }
}
