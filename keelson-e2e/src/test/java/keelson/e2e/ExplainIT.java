package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl explain} from the served OpenAPI: v3 for kubectl 1.29 and later, v2 (protobuf) for
 * 1.27 and 1.28, which also need v2 for {@code apply}'s field-validation check.
 */
class ExplainIT extends ClusterScenarios {

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.30", "1.32", "1.33"})
  void volumeClaimTemplatesRecursiveListsTheClaimFields(String minor) {
    Kubectl versioned = VersionedKubectl.of(minor, server, temp.resolve("cache-explain-" + minor));
    String out = versioned.run("explain", "statefulset.spec.volumeClaimTemplates", "--recursive").ok();
    assertThat(out).contains("KIND:", "StatefulSet", "VERSION:", "v1");
    assertThat(out).containsPattern("volumeClaimTemplates\\s+<\\[\\]PersistentVolumeClaim>");
    for (String field : new String[] {"accessModes\t<[]string>", "storageClassName\t<string>",
        "volumeMode\t<string>", "volumeName\t<string>", "resources\t<VolumeResourceRequirements>",
        "requests\t<map[string]", "matchLabels\t<map[string]string>", "phase\t<string>"}) {
      assertThat(out).as("kubectl %s explain lists %s", minor, field).contains(field);
    }
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28"})
  void olderKubectlAppliesThroughOpenApiV2(String minor) {
    Kubectl versioned = VersionedKubectl.of(minor, server, temp.resolve("cache-apply-" + minor));
    String ns = namespace();
    String ds = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: v2-%s}
        spec:
          selector: {matchLabels: {app: v2}}
          template:
            metadata: {labels: {app: v2}}
            spec:
              containers: [{name: c, image: nginx:1.16}]
        """.formatted(minor.replace(".", "-"));
    assertThat(versioned.run(java.util.Map.of(), ds, "apply", "-n", ns, "-f", "-").ok())
        .isEqualTo("daemonset.apps/v2-" + minor.replace(".", "-") + " created\n");
    assertThat(versioned.run(java.util.Map.of(), ds, "apply", "-n", ns, "-f", "-").ok()).endsWith("unchanged\n");
    Kubectl.Result broken = versioned.run(java.util.Map.of(), ds.replace("template:", "templates:"), "apply", "-n", ns,
        "-f", "-");
    assertThat(broken.exitCode()).isNotZero();
    assertThat(broken.stderr()).contains("strict decoding error: unknown field \"spec.templates\"");
  }

  @Test
  void fieldDocumentationAndEventsOfBothGroups() {
    String name = kubectl.run("explain", "pods.spec.containers.name").ok();
    assertThat(name).contains("FIELD: name <string>");
    String core = kubectl.run("explain", "events", "--api-version=v1").ok();
    assertThat(core).contains("involvedObject\t<ObjectReference> -required-").contains("message\t<string>");
    String eventsV1 = kubectl.run("explain", "events", "--api-version=events.k8s.io/v1").ok();
    assertThat(eventsV1).contains("GROUP:      events.k8s.io").contains("regarding\t<ObjectReference>")
        .contains("note\t<string>").contains("reportingController\t<string>").contains("series\t<EventSeries>");
  }
}
