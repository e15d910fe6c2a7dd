package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.http.ApiServer;
import keelson.apiserver.rest.Bootstrap;
import keelson.apiserver.rest.NameGenerator;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.watch.WatchCache;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** fabric8's client over the in-process transport against a real API server that never listens. */
class InProcessClientTest {
  private static final String TOKEN = "t0ken";

  private final MemoryStore store = new MemoryStore();
  private final WatchCache cache = new WatchCache(store, BuiltinResources.ALL, 100);
  private final InProcessHttpClientFactory transport;
  private final KubernetesClient client;

  InProcessClientTest() {
    ApiServer api = new ApiServer("127.0.0.1", 0, Clock.systemUTC(), "v0.0.0-test", TOKEN);
    RegistryStore registry = new RegistryStore(store, Clock.systemUTC(), new NameGenerator(new SplittableRandom(1)),
        List.of(), false);
    Bootstrap.ensureSystemNamespaces(registry);
    cache.start();
    api.serve(registry, cache, () -> true);
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1")
        .withOauthToken(TOKEN).withNamespace("default").withUserAgent("in-process-test/1.0").build();
    transport = new InProcessHttpClientFactory(api::serveInProcess);
    client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(transport).build();
  }

  @AfterEach
  void close() {
    client.close();
    cache.close();
    store.close();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
  }

  @Test
  void writesAndReadsReachTheServerWithTheClientsUserAgentAsFieldManager() {
    ConfigMap created = client.configMaps().resource(configMap("a")).create();

    assertThat(created.getMetadata().getUid()).hasSize(36);
    assertThat(created.getMetadata().getManagedFields()).singleElement()
        .satisfies(entry -> assertThat(entry.getManager()).isEqualTo("in-process-test"));
    assertThat(client.configMaps().withName("a").get().getData()).containsEntry("k", "v");
    assertThat(client.configMaps().list().getItems()).extracting(cm -> cm.getMetadata().getName()).containsExactly("a");
    assertThat(client.configMaps().withName("missing").get()).isNull();
    assertThatThrownBy(() -> client.configMaps().resource(configMap("a")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void aPlainRequestIsServedOnTheCallersThreadAndAnHttpWatchOnItsOwn() throws Exception {
    client.configMaps().resource(configMap("w")).create();
    HttpClient http = client.getHttpClient();
    String base = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/default/configmaps";

    CompletableFuture<HttpResponse<String>> get = http.sendAsync(
        http.newHttpRequestBuilder().uri(base + "/w").build(), String.class);
    assertThat(get).as("answered before sendAsync returned").isDone();
    assertThat(get.get().code()).isEqualTo(200);

    CompletableFuture<HttpResponse<AsyncBody>> watch = http.consumeBytes(
        http.newHttpRequestBuilder().uri(base + "?watch=true&resourceVersion=0").build(), (chunks, body) -> body.consume());
    HttpResponse<AsyncBody> streaming = watch.get(10, TimeUnit.SECONDS);
    assertThat(streaming.code()).isEqualTo(200);
    streaming.body().consume();
    streaming.body().cancel();
  }

  @Test
  void streamingRequestsAreTheWatches() {
    assertThat(InProcessHttpClient.streams(request("/api/v1/pods?watch=true&resourceVersion=5"))).isTrue();
    assertThat(InProcessHttpClient.streams(request("/api/v1/pods?resourceVersion=5&watch=1"))).isTrue();
    assertThat(InProcessHttpClient.streams(request("/api/v1/pods?watch=false"))).isFalse();
    assertThat(InProcessHttpClient.streams(request("/api/v1/pods?labelSelector=watch%3Dtrue"))).isFalse();
    assertThat(InProcessHttpClient.streams(request("/api/v1/pods"))).isFalse();
  }

  private StandardHttpRequest request(String path) {
    return (StandardHttpRequest) client.getHttpClient().newHttpRequestBuilder().uri("http://127.0.0.1:1" + path).build();
  }

  @Test
  void theComponentsWritesTakeTheDirectPathWithTheHeadersFabric8WouldSend() throws Exception {
    List<java.util.Map<String, List<String>>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ApiServer api = new ApiServer("127.0.0.1", 0, Clock.systemUTC(), "v0.0.0-test", TOKEN);
    RegistryStore registry = new RegistryStore(store, Clock.systemUTC(), new NameGenerator(new SplittableRandom(2)),
        List.of(), false);
    api.serve(registry, cache, () -> true);
    InProcessHttpClientFactory capturing = new InProcessHttpClientFactory((request, response) -> {
      seen.add(request.headers());
      api.serveInProcess(request, response);
    });
    try (KubernetesClient watched = new KubernetesClientBuilder().withConfig(client.getConfiguration())
        .withHttpClientFactory(capturing).build()) {
      watched.configMaps().resource(configMap("through-fabric8")).create();
      assertThat(watched.getHttpClient()).isInstanceOf(keelson.controllers.runtime.DirectRequests.class);
      keelson.controllers.runtime.WriteOnlyClient writes = new keelson.controllers.runtime.WriteOnlyClient(watched);
      writes.create(keelson.controllers.runtime.WriteOnlyClient.collection("", "v1", "default", "configmaps"),
          configMap("direct"));

      assertThat(seen).hasSize(2);
      java.util.Map<String, List<String>> fabric8 = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      fabric8.putAll(seen.get(0));
      java.util.Map<String, List<String>> direct = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      direct.putAll(seen.get(1));
      assertThat(direct).isEqualTo(fabric8);
      assertThat(client.configMaps().withName("direct").get().getMetadata().getManagedFields()).singleElement()
          .satisfies(entry -> assertThat(entry.getManager()).isEqualTo("in-process-test"));
    }
  }

  @Test
  void aDirectWriteIsTriedAgainAfterAServerErrorAsFabric8Would() {
    ApiServer api = new ApiServer("127.0.0.1", 0, Clock.systemUTC(), "v0.0.0-test", TOKEN);
    RegistryStore registry = new RegistryStore(store, Clock.systemUTC(), new NameGenerator(new SplittableRandom(3)),
        List.of(), false);
    api.serve(registry, cache, () -> true);
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    InProcessHttpClientFactory flaky = new InProcessHttpClientFactory((request, response) -> {
      if (requests.incrementAndGet() <= 2) {
        response.head(503, java.util.Map.of());
        try {
          response.content(new byte[0], true);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return;
      }
      api.serveInProcess(request, response);
    });
    Config config = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffInterval(1)
        .withRequestRetryBackoffLimit(3).build();
    try (KubernetesClient retrying = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(flaky)
        .build()) {
      new keelson.controllers.runtime.WriteOnlyClient(retrying).create(
          keelson.controllers.runtime.WriteOnlyClient.collection("", "v1", "default", "configmaps"), configMap("retried"));
      assertThat(requests).hasValue(3);
      assertThat(client.configMaps().withName("retried").get()).isNotNull();
    }
  }

  @Test
  void aDirectWriteWithAWrongTokenIsRefusedAsThroughFabric8() {
    Config config = new ConfigBuilder(client.getConfiguration()).withOauthToken("wrong").build();
    try (KubernetesClient wrong = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(transport).build()) {
      keelson.controllers.runtime.WriteOnlyClient writes = new keelson.controllers.runtime.WriteOnlyClient(wrong);
      assertThatThrownBy(() -> writes.create(
          keelson.controllers.runtime.WriteOnlyClient.collection("", "v1", "default", "configmaps"), configMap("x")))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
  }

  @Test
  void aWrongTokenIsRefused() {
    Config config = new ConfigBuilder(client.getConfiguration()).withOauthToken("wrong").build();
    try (KubernetesClient wrong = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(transport).build()) {
      assertThatThrownBy(() -> wrong.configMaps().list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
  }

  @Test
  void aWatchOverTheInProcessWebSocketSeesEventsInOrderAndClosesCleanly() throws Exception {
    client.configMaps().resource(configMap("before")).create();
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    CompletableFuture<WatcherException> closed = new CompletableFuture<>();
    Watch watch = client.configMaps().withResourceVersion("0").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        events.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
        closed.complete(cause);
      }

      @Override
      public void onClose() {
        closed.complete(null);
      }
    });
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED before");
    for (int i = 0; i < 20; i++) {
      client.configMaps().resource(configMap("cm-" + i)).create();
    }
    for (int i = 0; i < 20; i++) {
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED cm-" + i);
    }
    client.configMaps().withName("cm-0").delete();
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("DELETED cm-0");

    watch.close();
    assertThat(closed.get(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void anInformerListsThenWatches() throws Exception {
    client.configMaps().resource(configMap("one")).create();
    LinkedBlockingQueue<String> added = new LinkedBlockingQueue<>();
    var informer = client.configMaps().inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap obj) {
        added.add(obj.getMetadata().getName());
      }

      @Override
      public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

      @Override
      public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
    });
    try {
      assertThat(informer.getStore().list()).extracting(cm -> cm.getMetadata().getName()).containsExactly("one");
      assertThat(added.poll(10, TimeUnit.SECONDS)).isEqualTo("one");
      client.configMaps().resource(configMap("two")).create();
      assertThat(added.poll(10, TimeUnit.SECONDS)).isEqualTo("two");
    } finally {
      informer.close();
    }
  }
}
