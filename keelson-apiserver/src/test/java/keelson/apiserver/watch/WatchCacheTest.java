package keelson.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.Json;
import keelson.apiserver.testing.ForwardingStore;
import keelson.storage.KeyValue;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchCacheTest {
  private final MemoryStore store = new MemoryStore();
  private WatchCache cache;

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
    store.close();
  }

  private static byte[] configMap(String namespace, String name, String app) {
    ObjectNode obj = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode meta = obj.putObject("metadata").put("name", name).put("namespace", namespace);
    meta.putObject("labels").put("app", app);
    return Json.bytes(obj);
  }

  private WatchCache started(int history) {
    cache = new WatchCache(store, BuiltinResources.ALL, history);
    cache.start();
    return cache;
  }

  private static List<CacheEvent> drain(Watcher watcher, int expected) throws InterruptedException {
    List<CacheEvent> events = new ArrayList<>();
    while (events.size() < expected) {
      CacheEvent event = watcher.poll(2_000);
      if (event == null) {
        break;
      }
      events.add(event);
    }
    return events;
  }

  @Test
  void listsWhatStorageHeldAtStartWithResourceVersions() {
    KeyValue a = store.create("/registry/configmaps/default/a", configMap("default", "a", "x"));
    store.create("/registry/configmaps/other/b", configMap("other", "b", "x"));

    WatchCache.Snapshot snapshot = started(100).list("/registry/configmaps/default/");

    assertThat(snapshot.items()).extracting(CachedObject::key).containsExactly("/registry/configmaps/default/a");
    assertThat(snapshot.items().get(0).tree().path("metadata").path("resourceVersion").asText())
        .isEqualTo(Long.toString(a.modRevision()));
    assertThat(snapshot.revision()).isEqualTo(store.currentRevision());
  }

  @Test
  void watchResumesExactlyAfterTheGivenRevision() throws Exception {
    started(100);
    KeyValue first = store.create("/registry/configmaps/default/a", configMap("default", "a", "x"));
    store.update("/registry/configmaps/default/a", configMap("default", "a", "y"), first.modRevision());
    store.delete("/registry/configmaps/default/a", 0);
    assertThat(cache.awaitRevision(store.currentRevision(), Duration.ofSeconds(5))).isTrue();

    Watcher watcher = cache.watch(new WatchFilter(BuiltinResources.CONFIG_MAPS, "default", o -> true),
        first.modRevision());

    List<CacheEvent> events = drain(watcher, 2);
    assertThat(events).extracting(CacheEvent::type)
        .containsExactly(CacheEvent.Type.MODIFIED, CacheEvent.Type.DELETED);
    assertThat(events.get(1).object().tree().path("metadata").path("resourceVersion").asText())
        .as("a deletion carries the deleting revision").isEqualTo(Long.toString(store.currentRevision()));
  }

  @Test
  void watchWithoutVersionStartsWithTheCurrentObjects() throws Exception {
    store.create("/registry/configmaps/default/a", configMap("default", "a", "x"));
    started(100);

    Watcher watcher = cache.watch(new WatchFilter(BuiltinResources.CONFIG_MAPS, null, o -> true), -1);
    store.create("/registry/configmaps/default/b", configMap("default", "b", "x"));

    assertThat(drain(watcher, 2)).extracting(e -> e.type() + " " + e.object().key())
        .containsExactly("ADDED /registry/configmaps/default/a", "ADDED /registry/configmaps/default/b");
  }

  @Test
  void selectorWatchSeesObjectsEnterAndLeaveAsAddedAndDeleted() throws Exception {
    started(100);
    Watcher watcher = cache.watch(new WatchFilter(BuiltinResources.CONFIG_MAPS, null,
        o -> "web".equals(o.labels().get("app"))), cache.revision());

    KeyValue created = store.create("/registry/configmaps/default/a", configMap("default", "a", "db"));
    KeyValue moved = store.update("/registry/configmaps/default/a", configMap("default", "a", "web"),
        created.modRevision());
    store.update("/registry/configmaps/default/a", configMap("default", "a", "db"), moved.modRevision());

    assertThat(drain(watcher, 2)).extracting(CacheEvent::type)
        .containsExactly(CacheEvent.Type.ADDED, CacheEvent.Type.DELETED);
  }

  @Test
  void resumingFromBeforeTheKeptHistoryIsTooOld() throws Exception {
    started(2);
    long start = cache.revision();
    for (int i = 0; i < 5; i++) {
      store.create("/registry/configmaps/default/c" + i, configMap("default", "c" + i, "x"));
    }
    assertThat(cache.awaitRevision(store.currentRevision(), Duration.ofSeconds(5))).isTrue();

    assertThatThrownBy(() -> cache.watch(new WatchFilter(BuiltinResources.CONFIG_MAPS, null, o -> true), start))
        .isInstanceOf(WatchCache.TooOldException.class)
        .hasMessageStartingWith("too old resource version: " + start);
  }

  @Test
  void keysOfOneKindDoNotLeakIntoAnotherWithASharedPrefix() {
    store.create("/registry/services/specs/default/web", configMap("default", "web", "x"));
    store.create("/registry/services/endpoints/default/web", configMap("default", "web", "x"));
    started(100);

    assertThat(cache.typeOf("/registry/services/endpoints/default/web")).isEqualTo(BuiltinResources.ENDPOINTS);
    assertThat(cache.list(BuiltinResources.SERVICES.storagePrefix("default")).items()).hasSize(1);
  }

  @Test
  void aBrokenStorageWatchIsResumedFromTheLastRevision() throws Exception {
    java.util.concurrent.atomic.AtomicReference<keelson.storage.WatchListener> first =
        new java.util.concurrent.atomic.AtomicReference<>();
    keelson.storage.RevisionedStore flaky = new ForwardingStore(store) {
      @Override
      public keelson.storage.Watch watch(String prefix, long after, keelson.storage.WatchListener listener) {
        if (first.compareAndSet(null, listener)) {
          // The first watch "breaks" later; it delivers nothing itself.
          return () -> { };
        }
        return super.watch(prefix, after, listener);
      }
    };
    cache = new WatchCache(flaky, BuiltinResources.ALL, 100);
    cache.start();
    store.create("/registry/configmaps/default/a", configMap("default", "a", "x"));

    first.get().onClose(new keelson.storage.StorageException("connection to the member lost"));

    assertThat(cache.awaitRevision(store.currentRevision(), Duration.ofSeconds(5))).isTrue();
    assertThat(cache.get("/registry/configmaps/default/a")).isNotNull();
  }

  @Test
  void anObjectWhoseSelectorAttributesDoNotParseReachesUnfilteredWatchersAndMatchesNoSelector() throws Exception {
    started(100);
    Watcher everything = cache.watch(new WatchFilter(BuiltinResources.CONFIG_MAPS, null, WatchFilter.EVERYTHING), 0);
    Watcher byLabel = cache.watch(new WatchFilter(BuiltinResources.CONFIG_MAPS, null,
        attributes -> "y".equals(attributes.labels().get("app"))), 0);
    // Stored bytes whose tail does not parse: the cache splices them from their metadata alone;
    // reading their selector attributes fails, which must neither stop the cache nor match.
    store.create("/registry/configmaps/default/a",
        "{\"metadata\":{\"name\":\"a\",\"namespace\":\"default\"},\"data\":{\"k\":tru".getBytes(
            java.nio.charset.StandardCharsets.UTF_8));
    store.create("/registry/configmaps/default/b", configMap("default", "b", "y"));

    assertThat(drain(everything, 2)).extracting(e -> e.object().key())
        .containsExactly("/registry/configmaps/default/a", "/registry/configmaps/default/b");
    assertThat(everything.poll(200)).isNull();
    assertThat(drain(byLabel, 1)).extracting(e -> e.object().key()).containsExactly("/registry/configmaps/default/b");
    assertThat(byLabel.poll(200)).as("the damaged object matches no selector").isNull();
  }
}
