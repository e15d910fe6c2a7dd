package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tutorial's headless Service as the real {@code dig} sees it: the Service name returns exactly
 * the ready pods' IPs, each StatefulSet pod resolves by its own name, and scaling changes the
 * answers within a second or two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadlessDnsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ZONE = "default.svc.cluster.local";

  final Path temp = TempDirs.create(getClass().getSimpleName());
  KeelsonProcess server;
  Kubectl kubectl;

  @BeforeAll
  void start() {
    Kubectl.requireInstalled();
    Dig.requireInstalled();
    server = KeelsonProcess.start(temp, "sqlite");
    kubectl = new Kubectl(server, temp.resolve("kube-cache"));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theHeadlessServiceAnswersWithTheReadyPodsAndEachPodByName() throws Exception {
    kubectl.run("apply", "-f", Manifests.copy("sample-headless.yaml", temp).toString()).ok();
    await().atMost(Duration.ofSeconds(60)).until(() -> podIps().size() == 3);

    await().atMost(Duration.ofSeconds(5)).until(() -> dig("sample-headless." + ZONE, "A").equals(podIps()));
    for (int ordinal = 0; ordinal < 3; ordinal++) {
      String pod = "sample-statefulset-headless-" + ordinal;
      assertThat(dig(pod + ".sample-headless." + ZONE, "A")).containsExactly(podIp(pod));
    }
    assertThat(dig("kubernetes." + ZONE, "A")).containsExactly("10.96.0.1");
    assertThat(dig("dns-version.cluster.local", "TXT")).containsExactly("\"1.1.0\"");

    kubectl.run("scale", "statefulset", "sample-statefulset-headless", "--replicas=5").ok();
    await().atMost(Duration.ofSeconds(60)).until(() -> podIps().size() == 5);
    await().atMost(Duration.ofSeconds(3)).until(() -> dig("sample-headless." + ZONE, "A").equals(podIps()));
    assertThat(dig("sample-statefulset-headless-4.sample-headless." + ZONE, "A"))
        .containsExactly(podIp("sample-statefulset-headless-4"));
  }

  /** The IPs of the StatefulSet's Running and Ready pods. */
  private Set<String> podIps() throws IOException {
    Set<String> ips = new TreeSet<>();
    JsonNode pods = JSON.readTree(kubectl.run("get", "pods", "-o", "json").ok()).path("items");
    for (JsonNode pod : pods) {
      if (!pod.path("metadata").path("name").asText().startsWith("sample-statefulset-headless-")) {
        continue;
      }
      boolean ready = false;
      for (JsonNode condition : pod.path("status").path("conditions")) {
        ready |= condition.path("type").asText().equals("Ready") && condition.path("status").asText().equals("True");
      }
      if (ready && !pod.path("status").path("podIP").asText().isEmpty()) {
        ips.add(pod.path("status").path("podIP").asText());
      }
    }
    return ips;
  }

  private String podIp(String name) {
    return kubectl.run("get", "pod", name, "-o", "jsonpath={.status.podIP}").ok();
  }

  /** The real dig against the server's DNS port: the answers, sorted. */
  private Set<String> dig(String name, String type) {
    return new Dig(server.dnsPort()).shortAnswers(name, type);
  }
}
