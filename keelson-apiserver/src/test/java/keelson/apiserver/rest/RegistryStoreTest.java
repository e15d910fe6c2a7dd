package keelson.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import keelson.api.registry.BuiltinResources;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.Test;

class RegistryStoreTest {
  private final MemoryStore store = new MemoryStore();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

  private RegistryStore registry(boolean gc) {
    RegistryStore registry = new RegistryStore(store, clock, new NameGenerator(new SplittableRandom(7)),
        List.of(), gc);
    Bootstrap.ensureSystemNamespaces(registry);
    return registry;
  }

  private static ObjectNode configMap(String name) {
    ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", name);
    cm.putObject("data").put("k", "v");
    return cm;
  }

  private static ObjectNode boundPod(String name) {
    ObjectNode pod = Json.object().put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", name);
    ObjectNode spec = pod.putObject("spec").put("nodeName", "keelson-node-1").put("terminationGracePeriodSeconds", 10);
    spec.putArray("containers").addObject().put("name", "c").put("image", "nginx:1.16");
    return pod;
  }

  @Test
  void createStampsServerOwnedMetadata() {
    ObjectNode created = registry(false).create(BuiltinResources.CONFIG_MAPS, "default", configMap("a"),
        WriteOptions.DEFAULT);

    assertThat(created.at("/metadata/uid").asText()).hasSize(36);
    assertThat(created.at("/metadata/creationTimestamp").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(created.at("/metadata/namespace").asText()).isEqualTo("default");
    assertThat(created.at("/metadata/resourceVersion").asText()).isEqualTo(Long.toString(store.currentRevision()));
  }

  @Test
  void generateNameAppendsFiveCharactersWithoutVowels() {
    ObjectNode cm = configMap("");
    ((ObjectNode) cm.get("metadata")).remove("name");
    ((ObjectNode) cm.get("metadata")).put("generateName", "web-");

    String name = registry(false).create(BuiltinResources.CONFIG_MAPS, "default", cm, WriteOptions.DEFAULT)
        .at("/metadata/name").asText();

    assertThat(name).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
  }

  @Test
  void aStaleResourceVersionIsAConflictAndAnUnchangedUpdateWritesNothing() {
    RegistryStore registry = registry(false);
    ObjectNode created = registry.create(BuiltinResources.CONFIG_MAPS, "default", configMap("a"), WriteOptions.DEFAULT);
    String version = created.at("/metadata/resourceVersion").asText();

    ObjectNode same = registry.update(BuiltinResources.CONFIG_MAPS, "default", "a", null, c -> c,
        WriteOptions.DEFAULT, false);
    assertThat(same.at("/metadata/resourceVersion").asText()).isEqualTo(version);

    registry.update(BuiltinResources.CONFIG_MAPS, "default", "a", null, c -> {
      ((ObjectNode) c.get("data")).put("k", "changed");
      return c;
    }, WriteOptions.DEFAULT, false);
    ObjectNode stale = created.deepCopy();
    ((ObjectNode) stale.get("data")).put("k", "stale");

    assertThatThrownBy(() -> registry.update(BuiltinResources.CONFIG_MAPS, "default", "a", null, c -> stale,
        WriteOptions.DEFAULT, false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"a\": the object has "
              + "been modified; please apply your changes to the latest version and try again");
        });
  }

  @Test
  void creatingInAMissingNamespaceIsNotFound() {
    assertThatThrownBy(() -> registry(false).create(BuiltinResources.CONFIG_MAPS, "nosuch", configMap("a"),
        WriteOptions.DEFAULT))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
            .isEqualTo("namespaces \"nosuch\" not found"));
  }

  @Test
  void anObjectWithFinalizersStaysUntilTheLastOneIsRemoved() {
    RegistryStore registry = registry(false);
    ObjectNode cm = configMap("a");
    ((ObjectNode) cm.get("metadata")).putArray("finalizers").add("example.com/hold");
    registry.create(BuiltinResources.CONFIG_MAPS, "default", cm, WriteOptions.DEFAULT);

    RegistryStore.DeleteOutcome outcome = registry.delete(BuiltinResources.CONFIG_MAPS, "default", "a",
        DeleteOptions.DEFAULT);
    assertThat(outcome.gone()).isFalse();
    assertThat(outcome.object().at("/metadata/deletionTimestamp").asText()).isEqualTo("2026-11-27T10:00:00Z");

    registry.update(BuiltinResources.CONFIG_MAPS, "default", "a", null, c -> {
      ((ObjectNode) c.get("metadata")).remove("finalizers");
      return c;
    }, WriteOptions.DEFAULT, false);

    assertThat(registry.find(BuiltinResources.CONFIG_MAPS, "default", "a")).isEmpty();
  }

  @Test
  void aBoundPodIsDeletedGracefullyAndAZeroGraceForcesIt() {
    RegistryStore registry = registry(false);
    registry.create(BuiltinResources.PODS, "default", boundPod("web-0"), WriteOptions.DEFAULT);

    RegistryStore.DeleteOutcome graceful = registry.delete(BuiltinResources.PODS, "default", "web-0",
        DeleteOptions.DEFAULT);
    assertThat(graceful.gone()).isFalse();
    assertThat(graceful.object().at("/metadata/deletionGracePeriodSeconds").asLong()).isEqualTo(10);
    assertThat(graceful.object().at("/metadata/deletionTimestamp").asText()).isEqualTo("2026-11-27T10:00:10Z");
    assertThat(registry.delete(BuiltinResources.PODS, "default", "web-0", DeleteOptions.DEFAULT).gone())
        .as("a second delete waits for the same grace period").isFalse();

    RegistryStore.DeleteOutcome forced = registry.delete(BuiltinResources.PODS, "default", "web-0",
        new DeleteOptions(0L, null, null, null, false));
    assertThat(forced.gone()).isTrue();
  }

  @Test
  void orphanAndForegroundLeaveTheGarbageCollectorsFinalizerOnlyWhenItRuns() {
    RegistryStore withGc = registry(true);
    withGc.create(BuiltinResources.CONFIG_MAPS, "default", configMap("a"), WriteOptions.DEFAULT);
    RegistryStore.DeleteOutcome foreground = withGc.delete(BuiltinResources.CONFIG_MAPS, "default", "a",
        new DeleteOptions(null, "Foreground", null, null, false));
    assertThat(foreground.gone()).isFalse();
    assertThat(foreground.object().at("/metadata/finalizers/0").asText()).isEqualTo("foregroundDeletion");

    RegistryStore.DeleteOutcome orphan = withGc.delete(BuiltinResources.CONFIG_MAPS, "default", "a",
        new DeleteOptions(null, "Orphan", null, null, false));
    assertThat(orphan.object().at("/metadata/finalizers").toString()).isEqualTo("[\"orphan\"]");

    RegistryStore withoutGc = registry(false);
    withoutGc.create(BuiltinResources.CONFIG_MAPS, "default", configMap("b"), WriteOptions.DEFAULT);
    assertThat(withoutGc.delete(BuiltinResources.CONFIG_MAPS, "default", "b",
        new DeleteOptions(null, "Foreground", null, null, false)).gone()).isTrue();
  }

  @Test
  void aTerminatingNamespaceRefusesNewContent() {
    RegistryStore registry = registry(false);
    ObjectNode ns = Json.object();
    ns.putObject("metadata").put("name", "going");
    registry.create(BuiltinResources.NAMESPACES, null, ns, WriteOptions.DEFAULT);
    assertThat(registry.delete(BuiltinResources.NAMESPACES, null, "going", DeleteOptions.DEFAULT).gone()).isFalse();

    assertThatThrownBy(() -> registry.create(BuiltinResources.CONFIG_MAPS, "going", configMap("a"),
        WriteOptions.DEFAULT))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(403);
          assertThat(e.getMessage()).isEqualTo("configmaps \"a\" is forbidden: unable to create new content in "
              + "namespace going because it is being terminated");
        });
  }

  @Test
  void aChangeWithoutAVersionIsRetriedWhenAnotherWriterWins() {
    RegistryStore registry = registry(false);
    registry.create(BuiltinResources.CONFIG_MAPS, "default", configMap("a"), WriteOptions.DEFAULT);
    int[] calls = {0};

    ObjectNode result = registry.update(BuiltinResources.CONFIG_MAPS, "default", "a", null, c -> {
      if (calls[0]++ == 0) {
        // Another writer (a controller) slips in between this read and the write.
        registry.update(BuiltinResources.CONFIG_MAPS, "default", "a", null, other -> {
          ((ObjectNode) other.get("data")).put("other", "1");
          return other;
        }, WriteOptions.DEFAULT, false);
      }
      ((ObjectNode) c.get("metadata")).putObject("labels").put("tier", "web");
      return c;
    }, WriteOptions.DEFAULT, false);

    assertThat(calls[0]).isEqualTo(2);
    assertThat(result.at("/metadata/labels/tier").asText()).isEqualTo("web");
    assertThat(result.at("/data/other").asText()).isEqualTo("1");
  }

  @Test
  void emptyMetadataCollectionsAreDroppedAndAnUpdateOfOnlyThoseChangesNothing() {
    RegistryStore registry = registry(false);
    ObjectNode cm = configMap("a");
    ((ObjectNode) cm.get("metadata")).putObject("labels");
    ((ObjectNode) cm.get("metadata")).putArray("finalizers");
    ObjectNode created = registry.create(BuiltinResources.CONFIG_MAPS, "default", cm, WriteOptions.DEFAULT);
    assertThat(created.at("/metadata").has("labels")).isFalse();
    assertThat(created.at("/metadata").has("finalizers")).isFalse();

    ObjectNode same = registry.update(BuiltinResources.CONFIG_MAPS, "default", "a", null, c -> {
      Json.metadata(c).putObject("annotations");
      return c;
    }, WriteOptions.DEFAULT, false);
    assertThat(same.at("/metadata").has("annotations")).isFalse();
    assertThat(same.at("/metadata/resourceVersion").asText()).isEqualTo(created.at("/metadata/resourceVersion").asText());
  }

  @Test
  void aStatusWriteIgnoresSpecChangesAndKeepsMetadataAndStatusRules() {
    RegistryStore registry = registry(false);
    registry.create(BuiltinResources.PODS, "default", boundPod("web-0"), WriteOptions.DEFAULT);

    // As kube-apiserver's pod status strategy: the spec comes from the stored pod, even an invalid one.
    ObjectNode written = registry.update(BuiltinResources.PODS, "default", "web-0", "status", c -> {
      ((ObjectNode) c.get("spec")).put("nodeName", "elsewhere").put("restartPolicy", "Sometimes")
          .putArray("containers");
      ((ObjectNode) c.get("status")).put("phase", "Running");
      return c;
    }, WriteOptions.DEFAULT, false);
    assertThat(written.at("/spec/nodeName").asText()).isEqualTo("keelson-node-1");
    assertThat(written.at("/spec/containers/0/image").asText()).isEqualTo("nginx:1.16");
    assertThat(written.at("/spec/restartPolicy").asText()).isEqualTo("Always");
    assertThat(written.at("/status/phase").asText()).isEqualTo("Running");

    assertThatThrownBy(() -> registry.update(BuiltinResources.PODS, "default", "web-0", "status", c -> {
      ((ObjectNode) c.get("metadata")).putObject("labels").put("bad key!", "v");
      ((ObjectNode) c.get("status")).put("qosClass", "Guaranteed").putArray("conditions").addObject()
          .put("type", "not a name").put("status", "True");
      return c;
    }, WriteOptions.DEFAULT, false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
            .contains("metadata.labels: Invalid value: \"bad key!\"")
            .contains("metadata.conditions[0].Type: Invalid value: \"not a name\"")
            .contains("status.qosClass: Invalid value: \"Guaranteed\": field is immutable"));
  }
}
