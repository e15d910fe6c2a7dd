package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry against fabric8's CRUD mock API: one informer per kind, replay to late handlers, removal. */
class SharedInformersTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private KubernetesMockServer api;
  private KubernetesClient client;
  private SharedInformers informers;

  @BeforeEach
  void start() {
    api = CrudMockApi.start();
    client = api.createClient();
    informers = new SharedInformers(client);
  }

  @AfterEach
  void stop() {
    informers.close();
    client.close();
    api.destroy();
  }

  @Test
  void oneInformerPerKindAcrossNamespaces() throws Exception {
    client.configMaps().inNamespace("a").resource(configMap("a", "one")).create();
    client.configMaps().inNamespace("b").resource(configMap("b", "two")).create();

    var first = informers.informer(ConfigMap.class);
    assertThat(informers.informer(ConfigMap.class)).isSameAs(first);
    informers.awaitSynced(WAIT, ConfigMap.class);

    // Cluster-wide although the client's default namespace is neither.
    assertThat(first.getStore().list()).extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void clusterScopedKindsAreWatchedToo() throws Exception {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()).create();
    informers.awaitSynced(WAIT, Node.class);
    assertThat(informers.informer(Node.class).getStore().getByKey("n1")).isNotNull();
  }

  @Test
  void aHandlerRegisteredAfterSyncFirstSeesTheCachedObjects() throws Exception {
    client.configMaps().inNamespace("a").resource(configMap("a", "early")).create();
    Recorder early = new Recorder();
    informers.handle(ConfigMap.class, early);
    informers.awaitSynced(WAIT, ConfigMap.class);
    await().atMost(WAIT).until(() -> early.added.contains("early"));

    Recorder late = new Recorder();
    informers.handle(ConfigMap.class, late);
    // Replayed on the registering thread, before handle returns.
    assertThat(late.added).containsExactly("early");

    client.configMaps().inNamespace("a").resource(configMap("a", "later")).create();
    await().atMost(WAIT).until(() -> late.added.contains("later") && early.added.contains("later"));
  }

  @Test
  void aClosedRegistrationGetsNoMoreEvents() throws Exception {
    Recorder kept = new Recorder();
    Recorder removed = new Recorder();
    informers.handle(ConfigMap.class, kept);
    SharedInformers.Registration registration = informers.handle(ConfigMap.class, removed);
    informers.awaitSynced(WAIT, ConfigMap.class);

    registration.close();
    client.configMaps().inNamespace("a").resource(configMap("a", "after")).create();
    await().atMost(WAIT).until(() -> kept.added.contains("after"));
    assertThat(removed.added).doesNotContain("after");
  }

  @Test
  void anIndexIsAddedOnceAndCoversObjectsAlreadyCached() throws Exception {
    client.configMaps().inNamespace("a").resource(configMap("a", "one")).create();
    informers.awaitSynced(WAIT, ConfigMap.class);

    informers.index(ConfigMap.class, "name", c -> List.of(c.getMetadata().getName()));
    // A second component asking for the same index is not an "Indexer conflict".
    informers.index(ConfigMap.class, "name", c -> List.of(c.getMetadata().getName()));

    assertThat(informers.informer(ConfigMap.class).getIndexer().byIndex("name", "one")).hasSize(1);
  }

  @Test
  void onlyAHandlerThatAskedForResyncGetsIt() throws Exception {
    informers.close();
    informers = new SharedInformers(client, Duration.ofSeconds(1));
    client.configMaps().inNamespace("a").resource(configMap("a", "one")).create();
    Recorder resynced = new Recorder();
    Recorder quiet = new Recorder();
    informers.handle(ConfigMap.class, resynced, Duration.ofSeconds(1));
    informers.handle(ConfigMap.class, quiet);
    informers.awaitSynced(WAIT, ConfigMap.class);

    await().atMost(WAIT).until(() -> resynced.resyncs.contains("one"));
    assertThat(quiet.resyncs).isEmpty();
  }

  @Test
  void cachedObjectsAndHandlersGetNoManagedFields() throws Exception {
    ConfigMap owned = configMap("a", "owned");
    owned.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl")
        .withOperation("Apply").withApiVersion("v1").withFieldsType("FieldsV1").build()));
    client.configMaps().inNamespace("a").resource(owned).create();
    List<ConfigMap> seen = new CopyOnWriteArrayList<>();
    informers.handle(ConfigMap.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap obj) {
        seen.add(obj);
      }

      @Override
      public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

      @Override
      public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
    });
    informers.awaitSynced(WAIT, ConfigMap.class);
    // The mock server stores what it was sent, so the object did carry managedFields.
    assertThat(client.configMaps().inNamespace("a").withName("owned").get().getMetadata().getManagedFields())
        .hasSize(1);

    await().atMost(WAIT).until(() -> !seen.isEmpty());
    assertThat(seen.get(0).getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(informers.informer(ConfigMap.class).getStore().getByKey("a/owned").getMetadata().getManagedFields())
        .isNullOrEmpty();
  }

  private static ConfigMap configMap(String namespace, String name) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .addToData("k", "v").build();
  }

  private static final class Recorder implements ResourceEventHandler<ConfigMap> {
    final List<String> added = new CopyOnWriteArrayList<>();
    /** Updates with the same resourceVersion: fabric8's periodic resync. */
    final List<String> resyncs = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(ConfigMap obj) {
      added.add(obj.getMetadata().getName());
    }

    @Override
    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
      if (oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
        resyncs.add(newObj.getMetadata().getName());
      }
    }

    @Override
    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
  }
}
