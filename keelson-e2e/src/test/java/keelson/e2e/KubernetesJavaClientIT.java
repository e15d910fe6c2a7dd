package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The official Kubernetes Java client (io.kubernetes:client-java, the release generated from
 * Kubernetes 1.32) against a real server: list every served kind with the tutorial running, watch,
 * patch in the three formats, an informer. The client's models reject fields they do not know, so
 * listing the tutorial's objects also checks that Keelson sends only Kubernetes' fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesJavaClientIT {
  private static final String NS = "java";

  final Path temp = TempDirs.create(getClass().getSimpleName());
  KeelsonProcess server;
  Kubectl kubectl;
  ApiClient client;
  CoreV1Api core;
  AppsV1Api apps;

  @BeforeAll
  void start() throws Exception {
    Kubectl.requireInstalled();
    server = KeelsonProcess.start(temp, "sqlite");
    kubectl = new Kubectl(server, temp.resolve("kube-cache"));
    client = Config.fromConfig(server.kubeconfig().toString());
    // Watches stay open longer than the default 10 s read timeout.
    client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build());
    core = new CoreV1Api(client);
    apps = new AppsV1Api(client);
    core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(NS))).execute();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static V1Deployment deployment(String name, int replicas) {
    Map<String, String> labels = Map.of("app", name);
    return new V1Deployment().metadata(new V1ObjectMeta().name(name))
        .spec(new V1DeploymentSpec().replicas(replicas).selector(new V1LabelSelector().matchLabels(labels))
            .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels))
                .spec(new V1PodSpec().addContainersItem(new V1Container().name("web").image("nginx:1.16")))));
  }

  @Test
  void listsEveryServedKindWithTheTutorialRunning() throws Exception {
    kubectl.run("apply", "-f", Manifests.copy("sample-ds.yaml", temp).toString()).ok();
    kubectl.run("apply", "-f", Manifests.copy("sample-headless.yaml", temp).toString()).ok();
    kubectl.run("apply", "-f", Manifests.copy("sample-statefulset.yaml", temp).toString()).ok();
    // Pods with container statuses, claims Bound to provisioned volumes, endpoints with addresses.
    await().atMost(Duration.ofSeconds(120)).until(() -> core.listNamespacedPod("default").execute().getItems()
        .stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count() >= 9);
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      var claims = core.listNamespacedPersistentVolumeClaim("default").execute().getItems();
      return claims.size() >= 3 && claims.stream().allMatch(c -> "Bound".equals(c.getStatus().getPhase()));
    });

    assertThat(core.listNode().execute().getItems()).extracting(n -> n.getMetadata().getName())
        .containsExactly("keelson-node-1", "keelson-node-2", "keelson-node-3");
    assertThat(core.listNamespace().execute().getItems()).extracting(n -> n.getMetadata().getName())
        .contains("default", "kube-system", NS);
    assertThat(core.listPodForAllNamespaces().execute().getItems()).hasSizeGreaterThanOrEqualTo(9);
    assertThat(core.listServiceForAllNamespaces().execute().getItems()).extracting(s -> s.getMetadata().getName())
        .contains("kubernetes", "sample-headless");
    assertThat(core.listEndpointsForAllNamespaces().execute().getItems()).isNotEmpty();
    assertThat(core.listPersistentVolumeClaimForAllNamespaces().execute().getItems()).isNotEmpty();
    assertThat(core.listPersistentVolume().execute().getItems()).isNotEmpty();
    core.listConfigMapForAllNamespaces().execute();
    core.listSecretForAllNamespaces().execute();
    core.listServiceAccountForAllNamespaces().execute();
    core.listEventForAllNamespaces().execute();
    assertThat(apps.listDaemonSetForAllNamespaces().execute().getItems()).hasSize(1);
    assertThat(apps.listStatefulSetForAllNamespaces().execute().getItems()).hasSize(2);
    apps.listReplicaSetForAllNamespaces().execute();
    apps.listDeploymentForAllNamespaces().execute();
    apps.listControllerRevisionForAllNamespaces().execute();
    // Only where every slice has endpoints: Kubernetes 1.32 writes a slice without any as
    // "endpoints": null (as Keelson does for kube-dns, which has no pods), and client-java 24
    // refuses that (kubernetes-client/java#3226, fixed by Kubernetes 1.36 defaulting it to []).
    assertThat(new DiscoveryV1Api(client).listNamespacedEndpointSlice("default").execute().getItems())
        .extracting(s -> s.getMetadata().getLabels().get("kubernetes.io/service-name"))
        .contains("kubernetes", "sample-headless");
    assertThat(new StorageV1Api(client).listStorageClass().execute().getItems()).isNotEmpty();
    assertThat(new CoordinationV1Api(client).listLeaseForAllNamespaces().execute().getItems()).isNotEmpty();
  }

  @Test
  void watchesFromAListsVersion() throws Exception {
    String start = core.listNamespacedConfigMap(NS).labelSelector("watched=yes").execute()
        .getMetadata().getResourceVersion();
    core.createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().name("w1")
        .labels(Map.of("watched", "yes"))).data(Map.of("n", "1"))).execute();
    core.replaceNamespacedConfigMap("w1", NS, core.readNamespacedConfigMap("w1", NS).execute().data(Map.of("n", "2")))
        .execute();
    core.deleteNamespacedConfigMap("w1", NS).execute();

    List<String> seen = new ArrayList<>();
    try (Watch<V1ConfigMap> watch = Watch.createWatch(client,
        core.listNamespacedConfigMap(NS).labelSelector("watched=yes").resourceVersion(start)
            .allowWatchBookmarks(true).timeoutSeconds(5).watch(true).buildCall(null),
        new TypeToken<Watch.Response<V1ConfigMap>>() {}.getType())) {
      for (Watch.Response<V1ConfigMap> event : watch) {
        if (!event.type.equals("BOOKMARK")) {
          seen.add(event.type + " " + event.object.getMetadata().getName() + " " + event.object.getData().get("n"));
        }
      }
    }
    // The stream ended by itself when timeoutSeconds ran out, having replayed the changes in order.
    assertThat(seen).containsExactly("ADDED w1 1", "MODIFIED w1 2", "DELETED w1 2");
  }

  @Test
  void patchesInEachFormat() throws Exception {
    apps.createNamespacedDeployment(NS, deployment("patched", 1)).execute();
    V1Deployment scaled = PatchUtils.patch(V1Deployment.class,
        () -> apps.patchNamespacedDeployment("patched", NS, new V1Patch("{\"spec\":{\"replicas\":2}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(2);

    core.createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().name("p1"))
        .data(Map.of("a", "1"))).execute();
    V1ConfigMap jsonPatched = PatchUtils.patch(V1ConfigMap.class,
        () -> core.patchNamespacedConfigMap("p1", NS,
            new V1Patch("[{\"op\":\"add\",\"path\":\"/data/b\",\"value\":\"2\"}]")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_PATCH, client);
    assertThat(jsonPatched.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    V1ConfigMap mergePatched = PatchUtils.patch(V1ConfigMap.class,
        () -> core.patchNamespacedConfigMap("p1", NS,
            new V1Patch("{\"metadata\":{\"labels\":{\"tier\":\"x\"}},\"data\":{\"a\":null}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    assertThat(mergePatched.getData()).containsExactlyEntriesOf(Map.of("b", "2"));
    assertThat(mergePatched.getMetadata().getLabels()).containsEntry("tier", "x");

    // A JSON patch whose test fails changes nothing and is refused as kube-apiserver refuses it.
    assertThatThrownBy(() -> PatchUtils.patch(V1ConfigMap.class,
        () -> core.patchNamespacedConfigMap("p1", NS,
            new V1Patch("[{\"op\":\"test\",\"path\":\"/data/b\",\"value\":\"9\"}]")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_PATCH, client))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    assertThatThrownBy(() -> core.createNamespacedConfigMap(NS, new V1ConfigMap()
        .metadata(new V1ObjectMeta().name("p1"))).execute())
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getResponseBody()).contains("\"reason\":\"AlreadyExists\"");
        });
  }

  @Test
  void anInformerListsThenWatches() throws Exception {
    core.createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().name("inf-pre"))).execute();
    SharedInformerFactory factory = new SharedInformerFactory(client);
    SharedIndexInformer<V1ConfigMap> informer = factory.sharedIndexInformerFor(
        params -> core.listNamespacedConfigMap(NS).resourceVersion(params.resourceVersion).watch(params.watch)
            .timeoutSeconds(params.timeoutSeconds).buildCall(null),
        V1ConfigMap.class, V1ConfigMapList.class);
    List<String> events = new CopyOnWriteArrayList<>();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(V1ConfigMap obj) {
        events.add("add " + obj.getMetadata().getName());
      }

      @Override
      public void onUpdate(V1ConfigMap oldObj, V1ConfigMap newObj) {
        events.add("update " + newObj.getMetadata().getName());
      }

      @Override
      public void onDelete(V1ConfigMap obj, boolean deletedFinalStateUnknown) {
        events.add("delete " + obj.getMetadata().getName());
      }
    });
    factory.startAllRegisteredInformers();
    try {
      await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
      core.createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().name("inf-live"))).execute();
      core.deleteNamespacedConfigMap("inf-live", NS).execute();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events)
          .contains("add inf-pre", "add inf-live", "delete inf-live"));
      assertThat(events.indexOf("add inf-live")).isLessThan(events.indexOf("delete inf-live"));
    } finally {
      factory.stopAllRegisteredInformers();
    }
  }
}
