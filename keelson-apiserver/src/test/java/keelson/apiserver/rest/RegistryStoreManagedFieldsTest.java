package keelson.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import keelson.api.registry.BuiltinResources;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.Test;

/** The registry attributes every write to its manager in managedFields. */
class RegistryStoreManagedFieldsTest {
  private final RegistryStore registry = new RegistryStore(new MemoryStore(),
      Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC), new NameGenerator(new SplittableRandom(7)),
      List.of(), false);

  RegistryStoreManagedFieldsTest() {
    Bootstrap.ensureSystemNamespaces(registry);
  }

  private static ObjectNode configMap() {
    ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", "c");
    cm.putObject("data").put("a", "1");
    return cm;
  }

  private static List<String> managers(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.at("/metadata/managedFields").forEach(e -> out.add(e.get("manager").asText() + "/"
        + e.get("operation").asText() + (e.has("subresource") ? "/" + e.get("subresource").asText() : "")
        + " " + e.get("fieldsV1")));
    return out;
  }

  @Test
  void createsAndUpdatesAreAttributedToTheirManagers() {
    registry.create(BuiltinResources.CONFIG_MAPS, "default", configMap(), new WriteOptions(false, "creator"));

    ObjectNode updated = registry.update(BuiltinResources.CONFIG_MAPS, "default", "c", null, current -> {
      ((ObjectNode) current.get("data")).put("b", "2");
      return current;
    }, new WriteOptions(false, "editor"), false);

    assertThat(managers(updated)).containsExactly(
        "creator/Update {\"f:data\":{\".\":{},\"f:a\":{}}}",
        "editor/Update {\"f:data\":{\"f:b\":{}}}");
    assertThat(managers(registry.get(BuiltinResources.CONFIG_MAPS, "default", "c")))
        .isEqualTo(managers(updated));
  }

  @Test
  void statusWritesCarryTheirSubresourceAndTheServersOwnWritesNoManager() {
    ObjectNode pod = Json.object().put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", "p");
    pod.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx");
    registry.create(BuiltinResources.PODS, "default", pod, WriteOptions.DEFAULT);
    assertThat(registry.get(BuiltinResources.PODS, "default", "p").at("/metadata/managedFields").isMissingNode())
        .isTrue();

    ObjectNode applied = registry.update(BuiltinResources.PODS, "default", "p", null, current -> {
      ((ObjectNode) current.get("metadata")).putObject("labels").put("x", "1");
      return current;
    }, new WriteOptions(false, "labeller"), false);
    // An object created untracked stays untracked until an apply, as on kube-apiserver.
    assertThat(applied.at("/metadata/managedFields").isMissingNode()).isTrue();

    ObjectNode tracked = Json.object().put("apiVersion", "v1").put("kind", "Pod");
    tracked.putObject("metadata").put("name", "q");
    tracked.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx");
    registry.create(BuiltinResources.PODS, "default", tracked, new WriteOptions(false, "kubectl-run"));
    ObjectNode status = registry.update(BuiltinResources.PODS, "default", "q", "status", current -> {
      ((ObjectNode) current.get("status")).put("phase", "Running");
      return current;
    }, new WriteOptions(false, "kubelet"), false);

    assertThat(managers(status)).hasSize(2).last().asString()
        .isEqualTo("kubelet/Update/status {\"f:status\":{\"f:phase\":{}}}");
  }

  @Test
  void scaleWritesAreRecordedUnderTheScaleSubresource() {
    ObjectNode deployment = (ObjectNode) Json.object().put("apiVersion", "apps/v1").put("kind", "Deployment");
    deployment.putObject("metadata").put("name", "d");
    ObjectNode spec = deployment.putObject("spec").put("replicas", 1);
    spec.putObject("selector").putObject("matchLabels").put("app", "d");
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", "d");
    template.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx");
    registry.create(BuiltinResources.DEPLOYMENTS, "default", deployment, new WriteOptions(false, "kubectl-create"));

    ObjectNode scaled = registry.update(BuiltinResources.DEPLOYMENTS, "default", "d", null, current -> {
      ((ObjectNode) current.get("spec")).put("replicas", 3);
      return current;
    }, new WriteOptions(false, "kubectl").through("scale"), false);

    // Entries written in the same second sort by manager name, as kube-apiserver sorts them.
    assertThat(managers(scaled)).hasSize(2);
    assertThat(managers(scaled).getFirst()).isEqualTo("kubectl/Update/scale {\"f:spec\":{\"f:replicas\":{}}}");
    assertThat(managers(scaled).getLast()).startsWith("kubectl-create/Update").doesNotContain("f:replicas");
  }
}
