package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hand-written body of a new Event is byte for byte what fabric8's model would send. */
class NewEventJsonTest {
  private static String modelJson(String name, ObjectReference involved, String host) {
    return ClientSerialization.create().asJson(new EventBuilder()
        .withApiVersion("v1").withKind("Event")
        .withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withInvolvedObject(involved)
        .withType("Normal").withReason("Started").withMessage("Started container \"web\" \\ \u00e9")
        .withNewSource().withComponent("kubelet").withHost(host).endSource()
        .withReportingComponent("kubelet").withReportingInstance(host)
        .withFirstTimestamp("2026-11-27T21:00:00Z").withLastTimestamp("2026-11-27T21:00:00Z").withCount(1)
        .build());
  }

  private static String handJson(String name, ObjectReference involved, String host) {
    return new String(NewEventJson.of(name, "default", involved, "Normal", "Started",
        "Started container \"web\" \\ \u00e9", "kubelet", host, "2026-11-27T21:00:00Z"), StandardCharsets.UTF_8);
  }

  @Test
  void aKubeletEventAboutAContainerIsWrittenAsTheModelWouldBe() {
    ObjectReference pod = new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace("default")
        .withName("web-0").withUid("0b6f-1").withResourceVersion("42").withFieldPath("spec.containers{web}").build();
    assertThat(handJson("web-0.1879a", pod, "node-1")).isEqualTo(modelJson("web-0.1879a", pod, "node-1"));
  }

  @Test
  void unsetFieldsAreLeftOutAsTheModelLeavesThemOut() {
    ObjectReference node = EventRecorder.kubeletNodeReference("node-1");
    assertThat(handJson("node-1.1879b", node, null)).isEqualTo(modelJson("node-1.1879b", node, null))
        .doesNotContain("host").doesNotContain("fieldPath");
  }
}
