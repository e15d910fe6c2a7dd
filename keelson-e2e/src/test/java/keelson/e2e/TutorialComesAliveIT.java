package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tutorial applied in its order with the real kubectl ends as on Kubernetes: one DaemonSet pod
 * per node, StatefulSet pods by ordinal with Bound claims, scaling adds the next ordinals, and a node
 * added with kubectl gets its DaemonSet pod.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TutorialComesAliveIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  final Path temp = TempDirs.create(getClass().getSimpleName());
  KeelsonProcess server;
  Kubectl kubectl;

  @BeforeAll
  void start() {
    Kubectl.requireInstalled();
    server = KeelsonProcess.start(temp, "sqlite");
    kubectl = new Kubectl(server, temp.resolve("kube-cache"));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode pods(String selector) throws Exception {
    return JSON.readTree(kubectl.run("get", "pods", "-l", selector, "-o", "json").ok()).path("items");
  }

  private static boolean allRunningAndReady(JsonNode pods, int expected) {
    if (pods.size() != expected) {
      return false;
    }
    for (JsonNode pod : pods) {
      if (!"Running".equals(pod.path("status").path("phase").asText())) {
        return false;
      }
      boolean ready = false;
      for (JsonNode condition : pod.path("status").path("conditions")) {
        ready |= condition.path("type").asText().equals("Ready") && condition.path("status").asText().equals("True");
      }
      if (!ready) {
        return false;
      }
    }
    return true;
  }

  @Test
  void theTutorialEndsAsOnKubernetes() throws Exception {
    // The simulated nodes register shortly after the API is ready, as kubelets join a new cluster.
    await().atMost(CONVERGE).until(() -> kubectl.run("get", "nodes", "-o",
        "jsonpath={.items[*].metadata.name}").ok().split(" ").length == 3);
    List<String> nodes = List.of(kubectl.run("get", "nodes", "-o", "jsonpath={.items[*].metadata.name}").ok().split(" "));
    assertThat(nodes).containsExactly("keelson-node-1", "keelson-node-2", "keelson-node-3");

    kubectl.run("apply", "-f", Manifests.copy("sample-ds.yaml", temp).toString()).ok();
    await().atMost(CONVERGE).until(() -> allRunningAndReady(pods("app=sample-app"), 3));
    Set<String> dsNodes = new HashSet<>();
    for (JsonNode pod : pods("app=sample-app")) {
      assertThat(pod.path("metadata").path("name").asText()).matches("sample-ds-[bcdfghjklmnpqrstvwxz2456789]{5}");
      dsNodes.add(pod.path("spec").path("nodeName").asText());
    }
    assertThat(dsNodes).as("one daemon pod per node").containsExactlyInAnyOrderElementsOf(nodes);

    String wide = kubectl.run("get", "pods", "-o", "wide").ok();
    assertThat(wide.lines().findFirst().orElseThrow().split("\\s{2,}"))
        .containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES");

    kubectl.run("apply", "-f", Manifests.copy("sample-headless.yaml", temp).toString()).ok();
    await().atMost(CONVERGE).until(() ->
        allRunningAndReady(pods("statefulset.kubernetes.io/pod-name in (sample-statefulset-headless-0,"
            + "sample-statefulset-headless-1,sample-statefulset-headless-2)"), 3));
    assertThat(kubectl.run("get", "statefulsets", "sample-statefulset-headless").ok())
        .containsPattern("sample-statefulset-headless\\s+3/3");

    kubectl.run("apply", "-f", Manifests.copy("sample-statefulset.yaml", temp).toString()).ok();
    await().atMost(CONVERGE).until(() -> kubectl.run("get", "pvc", "-o", "jsonpath={.items[*].status.phase}").ok()
        .equals("Bound Bound Bound"));
    String claims = kubectl.run("get", "persistentvolumeclaims").ok();
    for (int i = 0; i < 3; i++) {
      assertThat(claims).containsPattern("www-sample-statefulset-" + i + "\\s+Bound\\s+pvc-\\S+\\s+1G\\s+RWO\\s+standard");
    }
    assertThat(kubectl.run("get", "persistentvolumes").ok()).contains("default/www-sample-statefulset-0");

    assertThat(kubectl.run("scale", "statefulset", "sample-statefulset", "--replicas=5").ok())
        .isEqualTo("statefulset.apps/sample-statefulset scaled\n");
    await().atMost(CONVERGE).until(() -> kubectl.run("get", "pods", "sample-statefulset-3", "sample-statefulset-4",
        "-o", "jsonpath={.items[*].status.phase}").stdout().equals("Running Running"));

    String node = "apiVersion: v1\nkind: Node\nmetadata:\n  name: extra-node\n  labels:\n    kubernetes.io/hostname: extra-node\n";
    kubectl.run(Map.of(), node, "apply", "-f", "-").ok();
    await().atMost(CONVERGE).until(() -> {
      List<String> onExtra = new ArrayList<>();
      for (JsonNode pod : pods("app=sample-app")) {
        if (pod.path("spec").path("nodeName").asText().equals("extra-node")
            && pod.path("metadata").path("name").asText().startsWith("sample-ds-")) {
          onExtra.add(pod.path("metadata").path("name").asText());
        }
      }
      return onExtra.size() == 1;
    });
  }
}
