package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The components reach the API in-process by default and over HTTP when asked; either way the API
 * server handles their requests alike: the same objects come out, with the same field managers.
 */
class ComponentTransportIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path temp = TempDirs.create(getClass().getSimpleName());

  @Test
  void inProcessAndHttpComponentsLeaveTheSameManagedFields() throws Exception {
    Set<String> inProcess = runDeployment("in-process", List.of());
    Set<String> http = runDeployment("http", List.of("-Dkeelson.components.transport=http"));

    assertThat(inProcess).contains("Pod status kubelet Update", "ReplicaSet - fabric8-kubernetes-client Update");
    assertThat(inProcess).isEqualTo(http);
  }

  /**
   * Runs a three-replica Deployment to Running and returns each kind's field managers as "kind
   * subresource manager operation".
   */
  private Set<String> runDeployment(String transport, List<String> properties) throws Exception {
    Kubectl.requireInstalled();
    Path dir = temp.resolve(transport);
    try (KeelsonProcess server = KeelsonProcess.start(dir, "memory", properties)) {
      Kubectl kubectl = new Kubectl(server, dir.resolve("kube-cache"));
      // With the nodes Ready first, no pod meets an empty cluster: a pod the scheduler finds no
      // node for gets a PodScheduled=False status patch, which would depend on timing.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
        JsonNode nodes = JSON.readTree(kubectl.run("get", "nodes", "-o", "json").ok());
        long ready = 0;
        for (JsonNode node : nodes.path("items")) {
          for (JsonNode condition : node.at("/status/conditions")) {
            if (condition.path("type").asText().equals("Ready") && condition.path("status").asText().equals("True")) {
              ready++;
            }
          }
        }
        return ready == 3;
      });
      kubectl.run("create", "deployment", "web", "--image=nginx", "--replicas=3").ok();
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
        JsonNode pods = JSON.readTree(kubectl.run("get", "pods", "-o", "json").ok());
        long running = 0;
        for (JsonNode pod : pods.path("items")) {
          if (pod.at("/status/phase").asText().equals("Running")) {
            running++;
          }
        }
        return running == 3;
      });
      assertThat(server.log()).contains("transport=\"" + transport + "\"");
      Set<String> managers = new TreeSet<>();
      for (String kinds : new String[] {"deployments,replicasets,pods", "nodes"}) {
        JsonNode list = JSON.readTree(kubectl.run("get", kinds, "-o", "json", "--show-managed-fields").ok());
        for (JsonNode item : list.path("items")) {
          for (JsonNode entry : item.at("/metadata/managedFields")) {
            managers.add(item.path("kind").asText() + " " + entry.path("subresource").asText("-") + " "
                + entry.path("manager").asText() + " " + entry.path("operation").asText());
          }
        }
      }
      return managers;
    }
  }
}
