package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import keelson.storage.etcd.EtcdProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code kill -9} and a restart on the same data, every object is back exactly as it was:
 * same uid, same resourceVersion, same content.
 */
class CrashRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  @Test
  void sqliteKeepsEveryAcknowledgedObjectAcrossKill9() throws Exception {
    Kubectl.requireInstalled();
    try (KeelsonProcess server = KeelsonProcess.start(temp, "sqlite")) {
      survivesKill(server);
    }
  }

  @Test
  void etcdBackedServerComesBackWithTheSameObjects() throws Exception {
    Kubectl.requireInstalled();
    try (EtcdProcess etcd = EtcdProcess.start();
        KeelsonProcess server = KeelsonProcess.start(temp, "etcd://" + etcd.endpoints())) {
      survivesKill(server);
    }
  }

  private void survivesKill(KeelsonProcess server) throws Exception {
    Kubectl kubectl = new Kubectl(server, temp.resolve("kube-cache"));
    kubectl.run("create", "namespace", "crash").ok();
    kubectl.run("apply", "-n", "crash", "-f", Manifests.copy("sample-ds.yaml", temp).toString()).ok();
    kubectl.run("apply", "-n", "crash", "-f", Manifests.copy("sample-headless.yaml", temp).toString()).ok();
    kubectl.run("apply", "-n", "crash", "-f", Manifests.copy("sample-statefulset.yaml", temp).toString()).ok();
    kubectl.run("scale", "sts", "sample-statefulset", "-n", "crash", "--replicas=4").ok();
    for (int i = 0; i < 20; i++) {
      kubectl.run("create", "configmap", "cm-" + i, "-n", "crash", "--from-literal=k=" + i).ok();
    }
    Map<String, JsonNode> before = snapshot(kubectl);

    server.kill();
    server.restart();

    Map<String, JsonNode> after = snapshot(kubectl);
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    assertThat(after).isEqualTo(before);
  }

  /** Every object of the namespace (and the namespaces), keyed by kind/name. */
  private static Map<String, JsonNode> snapshot(Kubectl kubectl) throws Exception {
    Map<String, JsonNode> objects = new TreeMap<>();
    for (String kinds : new String[] {"statefulsets,daemonsets,services,configmaps", "namespaces"}) {
      JsonNode list = JSON.readTree(kubectl.run("get", kinds, "-n", "crash", "-o", "json").ok());
      for (JsonNode item : list.path("items")) {
        String kind = item.path("kind").asText();
        if (kind.equals("StatefulSet") || kind.equals("DaemonSet")) {
          // Their controllers keep writing status (and so the resourceVersion) around the kill;
          // what the user wrote must come back unchanged.
          ((com.fasterxml.jackson.databind.node.ObjectNode) item).remove("status");
          ((com.fasterxml.jackson.databind.node.ObjectNode) item.path("metadata")).remove("resourceVersion");
        }
        objects.put(kind + "/" + item.path("metadata").path("name").asText(), item);
      }
    }
    return objects;
  }
}
