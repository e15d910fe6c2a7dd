package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** The components' serialisation writes and reads what fabric8's default one does. */
class ClientSerializationTest {
  private final KubernetesSerialization fast = ClientSerialization.create();
  private final KubernetesSerialization plain = new KubernetesSerialization();

  @Test
  void writesTheSameJsonAsFabric8sDefault() {
    Pod pod = new PodBuilder().withApiVersion("v1").withKind("Pod")
        .withNewMetadata().withName("web-0").withNamespace("default").withResourceVersion("12")
        .addToLabels("app", "web").endMetadata()
        .withNewSpec().withNodeName("node-1").addNewContainer().withName("web").withImage("nginx")
        .addNewPort().withContainerPort(80).endPort()
        .withNewResources().addToRequests("cpu", new Quantity("100m")).endResources().endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10.0.0.1")
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
        .build();
    assertThat(fast.asJson(pod)).isEqualTo(plain.asJson(pod));
    assertThat(fast.unmarshal(plain.asJson(pod), Pod.class)).isEqualTo(pod);
  }

  @Test
  void keepsFieldsTheModelDoesNotKnow() {
    // A newer server's field: fabric8 keeps it as an additional property and writes it back.
    String json = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"futureField":{"a":1},\
        "containers":[{"name":"c","image":"i"}]},"status":{"phase":"Pending"}}""";
    Pod pod = fast.unmarshal(json, Pod.class);
    assertThat(pod.getSpec().getAdditionalProperties()).containsKey("futureField");
    assertThat(pod.getSpec().getContainers()).hasSize(1);
    assertThat(fast.asJson(pod)).contains("\"futureField\":{\"a\":1}").isEqualTo(plain.asJson(plain.unmarshal(json,
        Pod.class)));
  }

  @Test
  void treesOfModelsAreThoseFabric8sSerializationGives() {
    Pod pod = new PodBuilder().withApiVersion("v1").withKind("Pod")
        .withNewMetadata().withName("web-0").addToLabels("app", "web").addToAnnotations("a", "b").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("nginx")
        .addNewPort().withContainerPort(80).withName("http").endPort()
        .withNewReadinessProbe().withNewHttpGet().withPath("/").withNewPort("http").endHttpGet().endReadinessProbe()
        .withNewResources().addToRequests("cpu", new Quantity("100m")).addToLimits("memory", new Quantity("1Gi"))
        .endResources().endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10.0.0.1").withStartTime("2026-11-27T10:00:00Z")
        .addNewCondition().withType("Ready").withStatus("True").withLastProbeTime(null).endCondition()
        .addNewContainerStatus().withName("web").withReady(true).withRestartCount(0)
        .withNewState().withNewRunning("2026-11-27T10:00:01Z").endState().endContainerStatus().endStatus()
        .build();
    pod.getStatus().setAdditionalProperty("futureField", java.util.Map.of("x", 1));

    assertThat(ClientSerialization.toTree(pod)).isEqualTo(plain.convertValue(pod, com.fasterxml.jackson.databind.node.ObjectNode.class));
    assertThat(ClientSerialization.toTree(pod.getStatus()))
        .isEqualTo(fast.convertValue(pod.getStatus(), com.fasterxml.jackson.databind.node.ObjectNode.class));
  }
}
