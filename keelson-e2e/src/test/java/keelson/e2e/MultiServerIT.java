package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import keelson.storage.etcd.EtcdProcess;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one three-member etcd cluster act as one control plane: only the holder of the
 * leader Lease acts; when it dies, the other takes over within about 15 s; when an etcd member dies
 * too, kubectl keeps working through the surviving server and the controllers keep converging,
 * without duplicate pods.
 */
class MultiServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path temp = TempDirs.create(getClass().getSimpleName());

  @Test
  void theSurvivorTakesOverWhenTheLeaderAndAnEtcdMemberDie() throws Exception {
    Kubectl.requireInstalled();
    try (EtcdProcess etcd = EtcdProcess.startCluster(3);
        KeelsonProcess first = KeelsonProcess.start(Files.createDirectories(temp.resolve("a")),
            "etcd://" + etcd.endpoints());
        KeelsonProcess second = KeelsonProcess.start(Files.createDirectories(temp.resolve("b")),
            "etcd://" + etcd.endpoints())) {
      Kubectl viaFirst = new Kubectl(first, temp.resolve("cache-a"));
      Kubectl viaSecond = new Kubectl(second, temp.resolve("cache-b"));

      await().atMost(Duration.ofSeconds(60)).until(() -> leader(first, second) != null);
      KeelsonProcess leader = leader(first, second);
      KeelsonProcess survivor = leader == first ? second : first;
      Kubectl kubectl = leader == first ? viaSecond : viaFirst;
      assertThat(first.log().contains("became leader") && second.log().contains("became leader"))
          .as("exactly one server leads").isFalse();

      viaFirst.run("apply", "-f", Manifests.copy("sample-ds.yaml", temp).toString()).ok();
      viaSecond.run("apply", "-f", Manifests.copy("sample-headless.yaml", temp).toString()).ok();
      await().atMost(Duration.ofSeconds(60)).until(() -> runningPods(kubectl, "sample-ds-").size() == 3
          && runningPods(kubectl, "sample-statefulset-headless-").size() == 3);

      leader.kill();
      etcd.kill(0);

      kubectl.run("scale", "statefulset", "sample-statefulset-headless", "--replicas=5").ok();
      await().atMost(Duration.ofSeconds(90)).until(() ->
          runningPods(kubectl, "sample-statefulset-headless-").size() == 5);
      assertThat(survivor.log()).contains("became leader");
      assertThat(runningPods(kubectl, "sample-statefulset-headless-"))
          .containsExactlyInAnyOrder("sample-statefulset-headless-0", "sample-statefulset-headless-1",
              "sample-statefulset-headless-2", "sample-statefulset-headless-3", "sample-statefulset-headless-4");
      assertThat(allPods(kubectl, "sample-ds-")).as("no duplicate daemon pods").hasSize(3);
    }
  }

  /** Returns the server whose log says it became leader, or null while neither does. */
  private static KeelsonProcess leader(KeelsonProcess first, KeelsonProcess second) {
    if (first.log().contains("became leader")) {
      return first;
    }
    return second.log().contains("became leader") ? second : null;
  }

  private static Set<String> runningPods(Kubectl kubectl, String prefix) throws Exception {
    Set<String> names = new HashSet<>();
    for (JsonNode pod : JSON.readTree(kubectl.run("get", "pods", "-o", "json").ok()).path("items")) {
      String name = pod.path("metadata").path("name").asText();
      if (name.startsWith(prefix) && "Running".equals(pod.path("status").path("phase").asText())
          && !pod.path("metadata").has("deletionTimestamp")) {
        names.add(name);
      }
    }
    return names;
  }

  private static Set<String> allPods(Kubectl kubectl, String prefix) throws Exception {
    Set<String> names = new HashSet<>();
    for (JsonNode pod : JSON.readTree(kubectl.run("get", "pods", "-o", "json").ok()).path("items")) {
      String name = pod.path("metadata").path("name").asText();
      if (name.startsWith(prefix)) {
        names.add(name);
      }
    }
    return names;
  }
}
