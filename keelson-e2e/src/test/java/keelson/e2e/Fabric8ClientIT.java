package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.internal.WatchConnectionManager;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
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

/**
 * The fabric8 Java client (7.x, its default Vert.x transport) against a real server: typed CRUD,
 * conflicts, scale, status updates, watches over WebSocket, and informers through resyncs and a
 * server restart.
 */
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
    // Both of fabric8's transports are on the test path; use its default, Vert.x, by name.
    client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new VertxHttpClientFactory())
        .build();
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

    // edit() sends the version it read: the controller's status writes can make it a conflict,
    // and a client retries with a fresh read, as client-go's RetryOnConflict does.
    StatefulSet edited = retryOnConflict(() -> client.apps().statefulSets().inNamespace("f8").withName("web")
        .edit(s -> new StatefulSetBuilder(s).editSpec().withReplicas(4).endSpec().build()));
    assertThat(edited.getSpec().getReplicas()).isEqualTo(4);
    assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);

    client.apps().statefulSets().inNamespace("f8").withName("web").scale(1);
    assertThat(client.apps().statefulSets().inNamespace("f8").withName("web").get().getSpec().getReplicas())
        .isEqualTo(1);

    assertThat(client.apps().statefulSets().inNamespace("f8").withName("web").delete()).hasSize(1);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> client.apps().statefulSets().inNamespace("f8").withName("web").get() == null);
  }

  private static <T> T retryOnConflict(java.util.function.Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
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
    try (var watch = client.configMaps().inNamespace("f8").withLabel("watched", "yes").watch(recording(seen))) {
      // fabric8 tries a WebSocket first and falls back to a streaming GET only when refused.
      assertThat(watch).isInstanceOf(WatchConnectionManager.class);
      assertThat(((WatchConnectionManager<?, ?>) watch).getWebsocketFuture()).isCompletedWithValueMatching(w -> w != null);
      client.configMaps().inNamespace("f8").resource(new ConfigMapBuilder()
          .withNewMetadata().withName("w1").addToLabels("watched", "yes").endMetadata().build()).create();
      client.configMaps().inNamespace("f8").withName("w1").edit(c -> new ConfigMapBuilder(c).addToData("a", "b").build());
      client.configMaps().inNamespace("f8").withName("w1").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 3);
    }
    assertThat(seen).containsExactly("ADDED w1", "MODIFIED w1", "DELETED w1");
  }

  @Test
  void watchesOverWebSocketWithTheJdkTransportToo() throws Exception {
    // The JDK transport, which components pointed at another server use (in-process ones use
    // their own, see ComponentTransportIT).
    Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
    try (KubernetesClient jdk = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      try (var watch = jdk.configMaps().inNamespace("f8").withLabel("jdk", "yes").watch(recording(seen))) {
        assertThat(watch).isInstanceOf(WatchConnectionManager.class);
        jdk.configMaps().inNamespace("f8").resource(new ConfigMapBuilder()
            .withNewMetadata().withName("j1").addToLabels("jdk", "yes").endMetadata().build()).create();
        jdk.configMaps().inNamespace("f8").withName("j1").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
      }
      assertThat(seen).containsExactly("ADDED j1", "DELETED j1");
    }
  }

  @Test
  void aLargeObjectArrivesWholeOverTheWebSocket() {
    String big = "x".repeat(900 * 1024);
    List<ConfigMap> seen = new CopyOnWriteArrayList<>();
    try (var watch = client.configMaps().inNamespace("f8").withLabel("size", "large").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(resource);
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      assertThat(watch).isInstanceOf(WatchConnectionManager.class);
      client.configMaps().inNamespace("f8").resource(new ConfigMapBuilder()
          .withNewMetadata().withName("large").addToLabels("size", "large").endMetadata()
          .addToData("blob", big).build()).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> !seen.isEmpty());
    }
    assertThat(seen.get(0).getData().get("blob")).hasSize(big.length());
  }

  @Test
  void aCreateOfAnExistingNameIsAConflict() {
    var configMaps = client.configMaps().inNamespace("f8");
    configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("twice").endMetadata().build()).create();
    assertThatThrownBy(() -> configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("twice")
        .endMetadata().build()).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"twice\" already exists");
        });
  }

  @Test
  void listsBySelectorAndDeletesWhatIsGone() {
    var configMaps = client.configMaps().inNamespace("f8");
    for (String name : List.of("tier-a", "tier-b", "tier-c")) {
      configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName(name)
          .addToLabels("tier", name.equals("tier-c") ? "back" : "front").endMetadata().build()).create();
    }
    assertThat(configMaps.withLabel("tier", "front").list().getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly("tier-a", "tier-b");
    assertThat(configMaps.withLabel("tier", "front").list().getMetadata().getResourceVersion()).isNotBlank();
    assertThat(configMaps.withLabel("tier", "front").delete()).hasSize(2);
    assertThat(configMaps.withName("tier-missing").delete()).isEmpty();
    assertThat(configMaps.withName("tier-missing").get()).isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> configMaps.withLabel("tier").list().getItems().size() == 1);
  }

  @Test
  void scalesADeploymentThroughItsScaleSubresource() {
    Deployment deployment = new DeploymentBuilder()
        .withNewMetadata().withName("scaled").endMetadata()
        .withNewSpec().withReplicas(1)
        .withNewSelector().withMatchLabels(Map.of("app", "scaled")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "scaled")).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("nginx:1.16").endContainer().endSpec()
        .endTemplate().endSpec().build();
    var deployments = client.apps().deployments().inNamespace("f8");
    deployments.resource(deployment).create();

    deployments.withName("scaled").scale(3);
    assertThat(deployments.withName("scaled").scale().getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployments.withName("scaled").get().getSpec().getReplicas()).isEqualTo(3);
    // The controllers act on the new size: three replicas come to exist.
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      Integer replicas = deployments.withName("scaled").get().getStatus() == null ? null
          : deployments.withName("scaled").get().getStatus().getReplicas();
      return replicas != null && replicas == 3;
    });
    assertThat(deployments.withName("scaled").scale().getStatus().getReplicas()).isEqualTo(3);
    deployments.withName("scaled").delete();
  }

  @Test
  void statusUpdatesChangeOnlyTheStatus() {
    var services = client.services().inNamespace("f8");
    Service created = services.resource(new ServiceBuilder()
        .withNewMetadata().withName("edge").endMetadata()
        .withNewSpec().withType("LoadBalancer").addToSelector("app", "edge")
        .addNewPort().withPort(80).withProtocol("TCP").endPort().endSpec().build()).create();

    // Through /status: the ingress is written, the selector change that rode along is ignored.
    Service afterStatus = services.withName("edge").editStatus(s -> new ServiceBuilder(s)
        .editOrNewStatus().withNewLoadBalancer().addNewIngress().withIp("127.0.0.9").endIngress()
        .endLoadBalancer().endStatus()
        .editSpec().addToSelector("extra", "ignored").endSpec().build());
    assertThat(afterStatus.getStatus().getLoadBalancer().getIngress()).extracting(i -> i.getIp())
        .containsExactly("127.0.0.9");
    assertThat(afterStatus.getSpec().getSelector()).containsOnlyKeys("app");
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration());

    // Through the main resource: the spec change is written, the status change is ignored.
    Service afterUpdate = services.withName("edge").edit(s -> new ServiceBuilder(s)
        .editSpec().addToSelector("tier", "web").endSpec()
        .editStatus().withNewLoadBalancer().endLoadBalancer().endStatus().build());
    assertThat(afterUpdate.getSpec().getSelector()).containsOnlyKeys("app", "tier");
    assertThat(afterUpdate.getStatus().getLoadBalancer().getIngress()).hasSize(1);

    // A status write from a stale copy is a conflict like any other.
    Service stale = new ServiceBuilder(afterStatus).editStatus().withNewLoadBalancer().endLoadBalancer()
        .endStatus().build();
    assertThatThrownBy(() -> services.resource(stale).updateStatus())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  /** Records what an informer's handler is told, resyncs apart. */
  static final class Recording implements ResourceEventHandler<ConfigMap> {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> resyncs = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(ConfigMap obj) {
      events.add("add " + obj.getMetadata().getName());
    }

    @Override
    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
      String name = newObj.getMetadata().getName();
      if (oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
        resyncs.add(name);
      } else {
        events.add("update " + name + " " + newObj.getData());
      }
    }

    @Override
    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
      events.add("delete " + obj.getMetadata().getName());
    }
  }

  @Test
  void anInformerListsWatchesAndResyncs() {
    var configMaps = client.configMaps().inNamespace("f8");
    configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("inf-pre")
        .addToLabels("informed", "yes").endMetadata().build()).create();
    Recording handler = new Recording();
    SharedIndexInformer<ConfigMap> informer = configMaps.withLabel("informed", "yes").inform(handler, 1_000);
    try {
      await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
      assertThat(handler.events).containsExactly("add inf-pre");

      configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("inf-live")
          .addToLabels("informed", "yes").endMetadata().build()).create();
      configMaps.withName("inf-live").edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build());
      configMaps.withName("inf-live").delete();
      await().atMost(Duration.ofSeconds(20)).until(() -> handler.events.size() >= 4);
      assertThat(handler.events).containsExactly("add inf-pre", "add inf-live", "update inf-live {k=v}",
          "delete inf-live");
      assertThat(informer.getStore().list()).extracting(c -> c.getMetadata().getName()).containsExactly("inf-pre");

      // Every second the informer replays its cache as updates without a change of version.
      await().atMost(Duration.ofSeconds(30)).until(() -> handler.resyncs.stream().filter("inf-pre"::equals).count() >= 2);
    } finally {
      informer.stop();
    }
  }

  @Test
  void anInformerCarriesOnAfterAServerRestart() {
    var configMaps = client.configMaps().inNamespace("f8");
    configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("rs-before")
        .addToLabels("restart", "yes").endMetadata().build()).create();
    Recording handler = new Recording();
    SharedIndexInformer<ConfigMap> informer = configMaps.withLabel("restart", "yes").inform(handler, 0);
    try {
      await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);

      server.stop();
      server.restart();

      // The same client and informer, no help from the test: the watch comes back by itself.
      configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("rs-after")
          .addToLabels("restart", "yes").endMetadata().build()).create();
      configMaps.withName("rs-before").edit(c -> new ConfigMapBuilder(c).addToData("after", "restart").build());
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(handler.events)
          .contains("add rs-after", "update rs-before {after=restart}"));
      assertThat(informer.getStore().list()).extracting(c -> c.getMetadata().getName())
          .containsExactlyInAnyOrder("rs-before", "rs-after");
    } finally {
      informer.stop();
    }
  }

  /** A watcher noting each event as "ACTION name". */
  private static Watcher<ConfigMap> recording(List<String> seen) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
