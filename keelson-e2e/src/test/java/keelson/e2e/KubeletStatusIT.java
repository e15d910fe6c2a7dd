package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The simulated kubelet's pod status updates as the API shows them: strategic merge patches of
 * {@code pods/{name}/status} under the manager {@code kubelet}, merged with what other writers put
 * in the status (a readiness gate's condition), and the uid precondition such a patch carries.
 */
class KubeletStatusIT extends ClusterScenarios {

  private JsonNode podWithManagedFields(String ns, String name) {
    try {
      return JSON.readTree(k(ns, "get", "pod", name, "-o", "json", "--show-managed-fields"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode condition(JsonNode pod, String type) {
    for (JsonNode c : pod.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return null;
  }

  @Test
  void theKubeletsStatusWritesAreItsOwnOnTheStatusSubresource() {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: Pod
        metadata: {name: probed}
        spec:
          containers:
          - name: c
            image: nginx:1.16
            readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 2}
        """);
    // Three patches: ContainerCreating, Running (not ready), Ready once the probe's delay passed.
    eventually().until(() -> allHealthy(ns, "probed"));
    JsonNode pod = podWithManagedFields(ns, "probed");
    JsonNode kubelet = null;
    for (JsonNode entry : pod.at("/metadata/managedFields")) {
      if ("kubelet".equals(entry.path("manager").asText())) {
        kubelet = entry;
      }
    }
    assertThat(kubelet).as("a managedFields entry of the kubelet in %s", pod.at("/metadata/managedFields")).isNotNull();
    assertThat(kubelet.path("operation").asText()).isEqualTo("Update");
    assertThat(kubelet.path("subresource").asText()).isEqualTo("status");
    JsonNode status = kubelet.at("/fieldsV1/f:status");
    assertThat(status.has("f:containerStatuses")).isTrue();
    assertThat(status.has("f:podIP")).isTrue();
    assertThat(status.at("/f:podIPs").has("k:{\"ip\":\"" + pod.at("/status/podIP").asText() + "\"}")).isTrue();
    assertThat(status.at("/f:conditions").has("k:{\"type\":\"Ready\"}")).isTrue();

    assertThat(pod.at("/status/containerStatuses/0/ready").asBoolean()).isTrue();
    assertThat(pod.at("/status/containerStatuses/0/state/running/startedAt").asText()).isNotEmpty();
    assertThat(pod.at("/status/conditions").findValuesAsText("type")).containsExactly(
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
    // Ready turned True after the probe's delay, later than the sandbox became ready.
    assertThat(condition(pod, "Ready").path("lastTransitionTime").asText())
        .isGreaterThan(condition(pod, "PodReadyToStartContainers").path("lastTransitionTime").asText());
    String wide = k(ns, "get", "pod", "probed", "-o", "wide", "--no-headers");
    assertThat(wide).contains("1/1", "Running", pod.at("/status/podIP").asText(), pod.at("/spec/nodeName").asText());
  }

  @Test
  void aReadinessGatesConditionFromAnotherWriterSurvivesAndCompletesReadiness() {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: Pod
        metadata: {name: gated}
        spec:
          readinessGates: [{conditionType: example.com/lb}]
          containers: [{name: c, image: nginx:1.16}]
        """);
    eventually().until(() -> {
      JsonNode pod = json(ns, "pod", "gated");
      JsonNode ready = condition(pod, "Ready");
      return "Running".equals(pod.at("/status/phase").asText()) && ready != null
          && "ReadinessGatesNotReady".equals(ready.path("reason").asText());
    });
    k(ns, "patch", "pod", "gated", "--subresource=status", "--type=strategic", "-p",
        "{\"status\":{\"conditions\":[{\"type\":\"example.com/lb\",\"status\":\"True\"}]}}");
    eventually().until(() -> allHealthy(ns, "gated"));
    JsonNode pod = json(ns, "pod", "gated");
    assertThat(pod.at("/status/conditions").findValuesAsText("type")).containsExactly(
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled", "example.com/lb");
    assertThat(condition(pod, "example.com/lb").path("status").asText()).isEqualTo("True");
  }

  @Test
  void aStatusPatchWhoseUidIsAnotherPodsIsRefusedWithConflict() {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers: [{name: c, image: nginx:1.16}]
        """);
    eventually().until(() -> allHealthy(ns, "web"));
    String uid = json(ns, "pod", "web").at("/metadata/uid").asText();
    Kubectl.Result refused = kubectl.run("-n", ns, "patch", "pod", "web", "--subresource=status", "--type=strategic",
        "-p", "{\"metadata\":{\"uid\":\"not-this-pod\"},\"status\":{\"phase\":\"Failed\"}}");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("Error from server (Conflict)",
        "Precondition failed: UID in precondition: not-this-pod, UID in object meta: " + uid);
    assertThat(json(ns, "pod", "web").at("/status/phase").asText()).isEqualTo("Running");

    // With its own uid the same kind of patch goes through, as the kubelet's do.
    k(ns, "patch", "pod", "web", "--subresource=status", "--type=strategic", "-p",
        "{\"metadata\":{\"uid\":\"" + uid + "\"},\"status\":{\"message\":\"checked\"}}");
    assertThat(json(ns, "pod", "web").at("/status/message").asText()).isEqualTo("checked");
  }
}
