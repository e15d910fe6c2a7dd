package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The fabric8 Java client against a real server: typed CRUD, conflicts, scale, watch. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Fabric8ClientIT {
  /** One directory per class (the server's data, manifests, kubectl's cache). */
  final Path temp = TempDirs.create(getClass().getSimpleName());

  KeelsonProcess server;
  KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    server = KeelsonProcess.start(temp, "sqlite");
    Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
    client = new KubernetesClientBuilder().withConfig(config).build();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("f8").endMetadata().build())
        .create();
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static StatefulSet statefulSet(String name) {
    return new StatefulSetBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .withServiceName(name).withReplicas(2)
        .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
        .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.16").endContainer().endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void createsReadsUpdatesAndDeletesTypedObjects() {
    StatefulSet created = client.apps().statefulSets().inNamespace("f8").resource(statefulSet("web")).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");

    StatefulSet read = client.apps().statefulSets().inNamespace("f8").withName("web").get();
    assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    // The StatefulSet controller writes status right away, so the version may have moved on.
    assertThat(Long.parseLong(read.getMetadata().getResourceVersion()))
        .isGreaterThanOrEqualTo(Long.parseLong(created.getMetadata().getResourceVersion()));

    StatefulSet edited = client.apps().statefulSets().inNamespace("f8").withName("web")
        .edit(s -> new StatefulSetBuilder(s).editSpec().withReplicas(4).endSpec().build());
    assertThat(edited.getSpec().getReplicas()).isEqualTo(4);
    assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);

    client.apps().statefulSets().inNamespace("f8").withName("web").scale(1);
    assertThat(client.apps().statefulSets().inNamespace("f8").withName("web").get().getSpec().getReplicas())
        .isEqualTo(1);

    assertThat(client.apps().statefulSets().inNamespace("f8").withName("web").delete()).hasSize(1);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> client.apps().statefulSets().inNamespace("f8").withName("web").get() == null);
  }

  @Test
  void aStaleUpdateIsAConflict() {
    ConfigMap created = client.configMaps().inNamespace("f8").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("settings").endMetadata().addToData("k", "1").build()).create();
    client.configMaps().inNamespace("f8").withName("settings").edit(c -> new ConfigMapBuilder(c).addToData("k", "2").build());

    ConfigMap stale = new ConfigMapBuilder(created).addToData("k", "3").build();
    assertThatThrownBy(() -> client.configMaps().inNamespace("f8").resource(stale).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void watchDeliversChangesInOrder() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (var watch = client.configMaps().inNamespace("f8").withLabel("watched", "yes").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      client.configMaps().inNamespace("f8").resource(new ConfigMapBuilder()
          .withNewMetadata().withName("w1").addToLabels("watched", "yes").endMetadata().build()).create();
      client.configMaps().inNamespace("f8").withName("w1").edit(c -> new ConfigMapBuilder(c).addToData("a", "b").build());
      client.configMaps().inNamespace("f8").withName("w1").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 3);
    }
    assertThat(seen).containsExactly("ADDED w1", "MODIFIED w1", "DELETED w1");
  }
}
