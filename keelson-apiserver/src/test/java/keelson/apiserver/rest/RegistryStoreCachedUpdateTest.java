package keelson.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.testing.ForwardingStore;
import keelson.storage.KeyValue;
import keelson.storage.RevisionedStore;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.Test;

/**
 * Updates that start from a cache's copy of the object: a copy that is current saves the storage
 * read; a copy that is behind never changes the outcome, which storage's copy decides.
 */
class RegistryStoreCachedUpdateTest {
  private static final String KEY = BuiltinResources.CONFIG_MAPS.storageKey("default", "a");
  private final CountingStore store = new CountingStore(new MemoryStore());
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
  /** The cache under test's control: holds whatever copy a test put there, however old. */
  private final Map<String, KeyValue> cache = new HashMap<>();
  private final RegistryStore registry = registry();

  private RegistryStore registry() {
    RegistryStore registry = new RegistryStore(store, clock, new NameGenerator(new SplittableRandom(7)),
        List.of(), false);
    Bootstrap.ensureSystemNamespaces(registry);
    registry.startUpdatesFrom(cache::get);
    return registry;
  }

  private ObjectNode create() {
    ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", "a");
    cm.putObject("data").put("k", "v");
    return registry.create(BuiltinResources.CONFIG_MAPS, "default", cm, WriteOptions.DEFAULT);
  }

  /** Puts storage's current copy in the cache, as the watch cache holds it (version included). */
  private void cacheCurrent() {
    ObjectNode current = registry.get(BuiltinResources.CONFIG_MAPS, "default", "a");
    cache.put(KEY, new KeyValue(KEY, Json.bytes(current), 0, Long.parseLong(current.at("/metadata/resourceVersion").asText())));
  }

  private ObjectNode update(java.util.function.UnaryOperator<ObjectNode> change) {
    return registry.update(BuiltinResources.CONFIG_MAPS, "default", "a", null, change, WriteOptions.DEFAULT, false);
  }

  private ObjectNode setData(String key, String value) {
    return update(c -> {
      ((ObjectNode) c.get("data")).put(key, value);
      return c;
    });
  }

  @Test
  void aCurrentCopySparesTheStorageRead() {
    create();
    cacheCurrent();
    int reads = store.gets;

    ObjectNode updated = setData("k", "w");

    assertThat(store.gets).isEqualTo(reads);
    assertThat(updated.at("/data/k").asText()).isEqualTo("w");
    assertThat(registry.get(BuiltinResources.CONFIG_MAPS, "default", "a").at("/data/k").asText()).isEqualTo("w");
  }

  @Test
  void aKindWhoseAdmissionClaimsValuesIsUpdatedFromStoragesCopyOnly() {
    int[] admitted = {0};
    Admission claiming = new Admission() {
      @Override
      public boolean claimsOnUpdate(keelson.api.registry.ResourceType type) {
        return type == BuiltinResources.CONFIG_MAPS;
      }

      @Override
      public void admitUpdate(keelson.api.registry.ResourceType type, ObjectNode obj, ObjectNode old,
          RegistryStore registry) {
        admitted[0]++;
      }
    };
    RegistryStore allocating = new RegistryStore(store, clock, new NameGenerator(new SplittableRandom(7)),
        List.of(claiming), false);
    allocating.startUpdatesFrom(cache::get);
    create();
    cacheCurrent();
    setData("other", "1"); // the copy is now stale
    int reads = store.gets;

    allocating.update(BuiltinResources.CONFIG_MAPS, "default", "a", null, c -> {
      ((ObjectNode) c.get("data")).put("k", "w");
      return c;
    }, WriteOptions.DEFAULT, false);

    assertThat(admitted[0]).as("admitted once, on storage's copy").isEqualTo(1);
    assertThat(store.gets).isEqualTo(reads + 1);
  }

  @Test
  void aChangeComputedOnAStaleCopyIsComputedAgainOnStoragesCopy() {
    create();
    cacheCurrent();
    setData("other", "1"); // storage moves on; the cache does not hear of it

    ObjectNode updated = setData("k", "w");

    assertThat(updated.at("/data/other").asText()).isEqualTo("1");
    assertThat(updated.at("/data/k").asText()).isEqualTo("w");
  }

  @Test
  void aPreconditionOnStoragesVersionHoldsThoughTheCopyIsOlder() {
    create();
    cacheCurrent();
    String current = setData("other", "1").at("/metadata/resourceVersion").asText();

    ObjectNode updated = update(c -> {
      ((ObjectNode) c.get("metadata")).put("resourceVersion", current);
      ((ObjectNode) c.get("data")).put("k", "w");
      return c;
    });

    assertThat(updated.at("/data/k").asText()).isEqualTo("w");
    assertThat(updated.at("/data/other").asText()).isEqualTo("1");
  }

  @Test
  void aPreconditionOnTheCopysOldVersionIsStillAConflict() {
    String old = create().at("/metadata/resourceVersion").asText();
    setData("other", "1");
    cache.put(KEY, new KeyValue(KEY, Json.bytes(registry.get(BuiltinResources.CONFIG_MAPS, "default", "a")), 0,
        Long.parseLong(old))); // a copy claiming the old version

    assertThatThrownBy(() -> update(c -> {
      ((ObjectNode) c.get("metadata")).put("resourceVersion", old);
      return c;
    })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
  }

  @Test
  void whatLooksUnchangedAgainstAStaleCopyIsStillWritten() {
    create();
    setData("k", "w");
    cacheCurrent();
    setData("k", "v"); // storage goes back to v; the cache still says w

    ObjectNode updated = setData("k", "w"); // nothing to do by the copy

    assertThat(updated.at("/data/k").asText()).isEqualTo("w");
    assertThat(registry.get(BuiltinResources.CONFIG_MAPS, "default", "a").at("/data/k").asText()).isEqualTo("w");
  }

  @Test
  void storagesCopyDecidesValidationThatTheStaleCopyWouldPass() {
    create();
    cacheCurrent();
    update(c -> c.put("immutable", true)); // the cache still shows a mutable ConfigMap

    assertThatThrownBy(() -> setData("k", "w"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
    assertThat(registry.get(BuiltinResources.CONFIG_MAPS, "default", "a").at("/data/k").asText()).isEqualTo("v");
  }

  @Test
  void anObjectGoneFromStorageIsNotFoundThoughTheCacheStillHoldsIt() {
    create();
    cacheCurrent();
    registry.delete(BuiltinResources.CONFIG_MAPS, "default", "a", DeleteOptions.DEFAULT);

    assertThatThrownBy(() -> setData("k", "w"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  /** A store that counts its reads of single keys. */
  private static final class CountingStore extends ForwardingStore {
    int gets;

    CountingStore(RevisionedStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<KeyValue> get(String key) {
      gets++;
      return super.get(key);
    }
  }
}
