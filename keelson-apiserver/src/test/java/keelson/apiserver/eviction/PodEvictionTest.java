package keelson.apiserver.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Bootstrap;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.NameGenerator;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.rest.WriteOptions;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodEvictionTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
  private RegistryStore registry;
  private PodEviction evictions;

  @BeforeEach
  void setUp() {
    registry = new RegistryStore(new MemoryStore(), clock, new NameGenerator(new SplittableRandom(3)), List.of(), false);
    Bootstrap.ensureSystemNamespaces(registry);
    evictions = new PodEviction(registry, clock);
  }

  private void pod(String name, String node) {
    ObjectNode pod = Json.object().put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", name);
    ObjectNode spec = pod.putObject("spec");
    if (node != null) {
      spec.put("nodeName", node);
    }
    spec.putArray("containers").addObject().put("name", "c").put("image", "nginx");
    registry.create(BuiltinResources.PODS, "default", pod, WriteOptions.DEFAULT);
  }

  private static JsonNode eviction(String name) {
    ObjectNode eviction = Json.object().put("apiVersion", "policy/v1").put("kind", "Eviction");
    eviction.putObject("metadata").put("name", name).put("namespace", "default");
    return eviction;
  }

  @Test
  void aRunningPodIsMarkedAndDeletedGracefully() {
    pod("web", "keelson-node-1");

    evictions.evict("default", "web", eviction("web"), false);

    ObjectNode pod = registry.get(BuiltinResources.PODS, "default", "web");
    assertThat(pod.at("/metadata/deletionTimestamp").isMissingNode()).isFalse();
    JsonNode condition = pod.at("/status/conditions").findParent("reason");
    assertThat(condition.path("type").asText()).isEqualTo("DisruptionTarget");
    assertThat(condition.path("status").asText()).isEqualTo("True");
    assertThat(condition.path("reason").asText()).isEqualTo("EvictionByEvictionAPI");
    assertThat(condition.path("message").asText()).isEqualTo("Eviction API: evicting");
  }

  @Test
  void anUnscheduledPodGoesAtOnce() {
    pod("pending", null);

    evictions.evict("default", "pending", eviction("pending"), false);

    assertThat(registry.find(BuiltinResources.PODS, "default", "pending")).isEmpty();
  }

  @Test
  void aDryRunChangesNothing() {
    pod("web", "keelson-node-1");
    String before = registry.get(BuiltinResources.PODS, "default", "web").at("/metadata/resourceVersion").asText();

    evictions.evict("default", "web", eviction("web"), true);

    ObjectNode pod = registry.get(BuiltinResources.PODS, "default", "web");
    assertThat(pod.at("/metadata/resourceVersion").asText()).isEqualTo(before);
    assertThat(pod.at("/metadata/deletionTimestamp").isMissingNode()).isTrue();
  }

  @Test
  void refusesAnotherPodsNameAndAMissingPod() {
    pod("web", "keelson-node-1");

    assertThatThrownBy(() -> evictions.evict("default", "web", eviction("other"), false))
        .isInstanceOf(ApiException.class).hasMessage("name in URL does not match name in Eviction object");
    assertThatThrownBy(() -> evictions.evict("default", "gone", eviction("gone"), false))
        .isInstanceOf(ApiException.class).hasMessage("pods \"gone\" not found");
  }
}
