package keelson.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Bootstrap;
import keelson.apiserver.rest.DeleteOptions;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.NameGenerator;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.rest.RegistryStore.NamespaceState;
import keelson.apiserver.rest.WriteOptions;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Creates check their namespace in the watch cache, and in storage when the cache does not know it. */
class CachedNamespacesTest {
  private final MemoryStore store = new MemoryStore();
  private final WatchCache cache = new WatchCache(store, BuiltinResources.ALL, 100);
  private final RegistryStore registry = new RegistryStore(store, Clock.systemUTC(),
      new NameGenerator(new SplittableRandom(7)), List.of(), false);
  private final CachedNamespaces namespaces = new CachedNamespaces(cache);

  @AfterEach
  void close() {
    cache.close();
    store.close();
  }

  private static ObjectNode named(String name) {
    ObjectNode object = Json.object();
    object.putObject("metadata").put("name", name);
    return object;
  }

  private static ObjectNode configMap(String name) {
    return named(name).put("apiVersion", "v1").put("kind", "ConfigMap");
  }

  private void caughtUp() throws InterruptedException {
    assertThat(cache.awaitRevision(store.currentRevision(), Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void namespacesAreKnownFromTheCacheOnceItHasSeenThem() throws Exception {
    Bootstrap.ensureSystemNamespaces(registry);
    assertThat(namespaces.state("work")).isEqualTo(NamespaceState.UNKNOWN);
    cache.start();
    registry.checkNamespacesIn(namespaces);
    registry.create(BuiltinResources.NAMESPACES, null, named("work"), WriteOptions.DEFAULT);
    // Not yet in the cache or already there: either way the create below finds it.
    registry.create(BuiltinResources.CONFIG_MAPS, "work", configMap("a"), WriteOptions.DEFAULT);
    caughtUp();
    assertThat(namespaces.state("work")).isEqualTo(NamespaceState.ACTIVE);

    registry.delete(BuiltinResources.NAMESPACES, null, "work", DeleteOptions.DEFAULT);
    caughtUp();
    assertThat(namespaces.state("work")).isEqualTo(NamespaceState.TERMINATING);
    assertThatThrownBy(() -> registry.create(BuiltinResources.CONFIG_MAPS, "work", configMap("b"),
        WriteOptions.DEFAULT))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));
    assertThatThrownBy(() -> registry.create(BuiltinResources.CONFIG_MAPS, "nosuch", configMap("c"),
        WriteOptions.DEFAULT))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void theCachesAnswerIsTakenWithoutReadingStorage() {
    Bootstrap.ensureSystemNamespaces(registry);
    registry.checkNamespacesIn(name -> "frozen".equals(name) ? NamespaceState.TERMINATING : NamespaceState.ACTIVE);

    assertThatThrownBy(() -> registry.create(BuiltinResources.CONFIG_MAPS, "frozen", configMap("a"),
        WriteOptions.DEFAULT))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
            "configmaps \"a\" is forbidden: unable to create new content in namespace frozen because it is being "
                + "terminated"));
  }
}
