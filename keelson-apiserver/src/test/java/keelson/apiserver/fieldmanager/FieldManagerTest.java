package keelson.apiserver.fieldmanager;

import static keelson.apiserver.fieldmanager.FieldSetTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.ApiException;
import org.junit.jupiter.api.Test;

class FieldManagerTest {
  private static final ResourceType DEPLOYMENTS = BuiltinResources.DEPLOYMENTS;
  private static final ResourceType CONFIG_MAPS = BuiltinResources.CONFIG_MAPS;
  private static final Instant T1 = Instant.parse("2026-11-27T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-27T10:05:00Z");

  private static ObjectNode deployment(int replicas, String image) {
    return (ObjectNode) json("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
         "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"nginx","image":"%s"}]}}},
         "status":{}}""".formatted(replicas, image));
  }

  /** Creates {@code object} as {@code manager} would through POST. */
  private static ObjectNode created(ResourceType type, ObjectNode object, String manager) {
    ObjectNode copy = object.deepCopy();
    FieldManager.update(type, null, copy, manager, null, T1);
    return copy;
  }

  private static ObjectNode updated(ResourceType type, ObjectNode live, ObjectNode next, String manager,
      String subresource) {
    ObjectNode copy = next.deepCopy();
    FieldManager.update(type, live, copy, manager, subresource, T2);
    return copy;
  }

  private static List<String> managers(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.at("/metadata/managedFields").forEach(e -> out.add(e.get("manager").asText() + "/"
        + e.get("operation").asText() + (e.has("subresource") ? "/" + e.get("subresource").asText() : "")));
    return out;
  }

  private static JsonNode fieldsOf(JsonNode object, String manager) {
    for (JsonNode entry : object.at("/metadata/managedFields")) {
      if (entry.get("manager").asText().equals(manager)) {
        return entry.get("fieldsV1");
      }
    }
    return null;
  }

  @Test
  void createRecordsAnUpdateEntryWithoutIdentityOrStatus() {
    ObjectNode object = created(DEPLOYMENTS, deployment(1, "nginx:1"), "kubectl-create");

    JsonNode entry = object.at("/metadata/managedFields/0");
    assertThat(entry.get("manager").asText()).isEqualTo("kubectl-create");
    assertThat(entry.get("operation").asText()).isEqualTo("Update");
    assertThat(entry.get("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(entry.get("time").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(entry.get("fieldsType").asText()).isEqualTo("FieldsV1");
    assertThat(entry.has("subresource")).isFalse();
    JsonNode fields = entry.get("fieldsV1");
    assertThat(fields.has("f:apiVersion")).isFalse();
    assertThat(fields.has("f:status")).isFalse();
    assertThat(fields.at("/f:metadata").isMissingNode()).isTrue();
    assertThat(fields.at("/f:spec").has(".")).isFalse();
    assertThat(fields.at("/f:spec/f:replicas").isObject()).isTrue();
  }

  @Test
  void applyConflictsWithAnotherManagersFieldInKubesWords() {
    ObjectNode live = created(DEPLOYMENTS, deployment(1, "nginx:1"), "kubectl-client-side-apply");

    assertThatThrownBy(() -> FieldManager.apply(DEPLOYMENTS, live, deployment(3, "nginx:1"), "ssa", null, false, T2))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with "
              + "\"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
          assertThat(e.toStatus().at("/details/causes/0")).isEqualTo(json("""
              {"reason":"FieldManagerConflict","message":"conflict with \\"kubectl-client-side-apply\\" using apps/v1",
               "field":".spec.replicas"}"""));
        });
  }

  @Test
  void severalConflictsAreListedByManager() {
    ObjectNode live = created(DEPLOYMENTS, deployment(1, "nginx:1"), "writer");

    assertThatThrownBy(() -> FieldManager.apply(DEPLOYMENTS, live, deployment(3, "nginx:2"), "ssa", null, false, T2))
        .hasMessage("Apply failed with 2 conflicts: conflicts with \"writer\" using apps/v1:\n"
            + "- .spec.replicas\n- .spec.template.spec.containers[name=\"nginx\"].image");
  }

  @Test
  void applyingTheValueAnotherManagerSetSharesTheField() {
    ObjectNode live = created(DEPLOYMENTS, deployment(1, "nginx:1"), "writer");

    ObjectNode applied = FieldManager.apply(DEPLOYMENTS, live, deployment(1, "nginx:1"), "ssa", null, false, T2);

    assertThat(managers(applied)).containsExactly("ssa/Apply", "writer/Update");
    assertThat(fieldsOf(applied, "ssa").at("/f:spec/f:replicas").isObject()).isTrue();
    assertThat(fieldsOf(applied, "writer").at("/f:spec/f:replicas").isObject()).isTrue();
  }

  @Test
  void forceTakesOwnershipAway() {
    ObjectNode live = created(DEPLOYMENTS, deployment(1, "nginx:1"), "writer");

    ObjectNode applied = FieldManager.apply(DEPLOYMENTS, live, deployment(3, "nginx:1"), "ssa", null, true, T2);

    assertThat(applied.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(fieldsOf(applied, "ssa").at("/f:spec/f:replicas").isObject()).isTrue();
    assertThat(fieldsOf(applied, "writer").at("/f:spec/f:replicas").isMissingNode()).isTrue();
    assertThat(fieldsOf(applied, "writer").at("/f:spec/f:selector").isObject()).isTrue();
  }

  @Test
  void applyCreatesAndOwnsExactlyTheConfiguration() {
    ObjectNode config = (ObjectNode) json("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"x":"1"}}""");

    ObjectNode created = FieldManager.apply(CONFIG_MAPS, null, config, "ssa", null, false, T1);

    assertThat(created.at("/data/x").asText()).isEqualTo("1");
    assertThat(created.at("/metadata/managedFields/0")).isEqualTo(json("""
        {"manager":"ssa","operation":"Apply","apiVersion":"v1","time":"2026-11-27T10:00:00Z","fieldsType":"FieldsV1",
         "fieldsV1":{"f:data":{"f:x":{}},"f:metadata":{"f:labels":{"f:a":{}}}}}"""));
  }

  @Test
  void fieldsNoLongerAppliedAreRemovedUnlessSomeoneElseOwnsThem() {
    ObjectNode first = (ObjectNode) json("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"keep":"1","drop":"2","shared":"3"}}""");
    ObjectNode live = FieldManager.apply(CONFIG_MAPS, null, first, "ssa", null, false, T1);
    ObjectNode other = (ObjectNode) json("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"shared":"3"}}""");
    live = FieldManager.apply(CONFIG_MAPS, live, other, "other", null, false, T1);

    ObjectNode second = (ObjectNode) json("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"keep":"1"}}""");
    ObjectNode result = FieldManager.apply(CONFIG_MAPS, live, second, "ssa", null, false, T2);

    assertThat(result.get("data")).isEqualTo(json("{\"keep\":\"1\",\"shared\":\"3\"}"));
    assertThat(fieldsOf(result, "ssa")).isEqualTo(json("{\"f:data\":{\"f:keep\":{}}}"));
    assertThat(fieldsOf(result, "ssa").at("/f:data/f:drop").isMissingNode()).isTrue();
  }

  @Test
  void anUpdateTakesFieldsFromTheApplierWithoutConflict() {
    ObjectNode live = FieldManager.apply(DEPLOYMENTS, null, deployment(2, "nginx:1"), "ssa", null, false, T1);

    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("spec")).put("replicas", 5);
    ObjectNode result = updated(DEPLOYMENTS, live, next, "kubectl-scale", "scale");

    assertThat(managers(result)).containsExactly("ssa/Apply", "kubectl-scale/Update/scale");
    assertThat(fieldsOf(result, "kubectl-scale")).isEqualTo(json("{\"f:spec\":{\"f:replicas\":{}}}"));
    assertThat(fieldsOf(result, "ssa").at("/f:spec/f:replicas").isMissingNode()).isTrue();
  }

  @Test
  void statusWritesOwnOnlyStatusUnderTheirSubresource() {
    ObjectNode live = created(DEPLOYMENTS, deployment(1, "nginx:1"), "kubectl-create");
    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("status")).put("replicas", 1);
    ((ObjectNode) next.get("spec")).put("replicas", 9);

    ObjectNode result = updated(DEPLOYMENTS, live, next, "kube-controller-manager", "status");

    assertThat(managers(result)).containsExactly("kubectl-create/Update", "kube-controller-manager/Update/status");
    assertThat(fieldsOf(result, "kube-controller-manager")).isEqualTo(json("{\"f:status\":{\"f:replicas\":{}}}"));
  }

  @Test
  void aNoOpUpdateLeavesEntriesAndTimesAlone() {
    ObjectNode live = created(DEPLOYMENTS, deployment(1, "nginx:1"), "kubectl-create");

    ObjectNode result = updated(DEPLOYMENTS, live, live.deepCopy(), "someone", null);

    assertThat(result.at("/metadata/managedFields")).isEqualTo(live.at("/metadata/managedFields"));
  }

  @Test
  void anObjectWithoutEntriesIsNotTrackedUntilApplied() {
    ObjectNode live = deployment(1, "nginx:1");
    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("spec")).put("replicas", 2);

    assertThat(updated(DEPLOYMENTS, live, next, "x", null).at("/metadata/managedFields").isMissingNode()).isTrue();

    ObjectNode applied = FieldManager.apply(DEPLOYMENTS, live, deployment(1, "nginx:1"), "ssa", null, false, T2);
    assertThat(managers(applied)).containsExactly("ssa/Apply", "before-first-apply/Update");
  }

  @Test
  void aResetClearsEveryEntry() {
    ObjectNode live = created(DEPLOYMENTS, deployment(1, "nginx:1"), "kubectl-create");
    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("metadata")).putArray("managedFields").addObject();

    assertThat(updated(DEPLOYMENTS, live, next, "x", null).at("/metadata/managedFields").isMissingNode()).isTrue();
  }

  @Test
  void kubectlServerSideApplyInheritsClientSideApplyFieldsThroughTheAnnotation() {
    ObjectNode csa = deployment(1, "nginx:1");
    String lastApplied = FieldManagerTestSupport.compact(deployment(1, "nginx:1").without("status"));
    ((ObjectNode) csa.get("metadata")).putObject("annotations")
        .put(FieldManager.LAST_APPLIED, lastApplied);
    ObjectNode live = created(DEPLOYMENTS, csa, "kubectl-client-side-apply");

    ObjectNode config = deployment(2, "nginx:1");
    config.remove("status");
    ObjectNode applied = FieldManager.apply(DEPLOYMENTS, live, config, "kubectl", null, false, T2);

    assertThat(applied.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(applied.at("/metadata/annotations").get(FieldManager.LAST_APPLIED).asText())
        .contains("\"replicas\":2").endsWith("}\n");
    // Another manager gets the conflict: only kubectl inherits client-side apply's fields.
    assertThatThrownBy(() -> FieldManager.apply(DEPLOYMENTS, live, config, "other", null, false, T2))
        .hasMessageContaining("conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
  }

  @Test
  void aFieldChangedSinceTheLastClientSideApplyStillConflicts() {
    ObjectNode csa = deployment(1, "nginx:1");
    ((ObjectNode) csa.get("metadata")).putObject("annotations")
        .put(FieldManager.LAST_APPLIED, FieldManagerTestSupport.compact(deployment(1, "nginx:1")));
    ObjectNode live = created(DEPLOYMENTS, csa, "kubectl-client-side-apply");
    ObjectNode scaled = live.deepCopy();
    ((ObjectNode) scaled.get("spec")).put("replicas", 4);
    ObjectNode afterScale = updated(DEPLOYMENTS, live, scaled, "kubectl-client-side-apply", null);

    assertThatThrownBy(() -> FieldManager.apply(DEPLOYMENTS, afterScale, deployment(2, "nginx:1"), "kubectl", null,
        false, T2)).hasMessageContaining(".spec.replicas");
  }

  @Test
  void updateEntriesAreCappedAtTen() {
    ObjectNode live = created(CONFIG_MAPS, (ObjectNode) json("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{}}"""), "creator");
    for (int i = 0; i < 12; i++) {
      ObjectNode next = live.deepCopy();
      ((ObjectNode) next.get("data")).put("k" + i, "v");
      FieldManager.update(CONFIG_MAPS, live, next, "m" + i, null, T1.plusSeconds(i));
      live = next;
    }

    List<String> names = managers(live);
    assertThat(names).hasSize(10).contains("ancient-changes/Update", "m11/Update");
  }

  @Test
  void aContainerNoLongerAppliedIsRemovedEvenWithFieldsSomeoneElseSet() {
    ObjectNode two = deployment(1, "nginx:1");
    ((com.fasterxml.jackson.databind.node.ArrayNode) two.at("/spec/template/spec/containers")).addObject()
        .put("name", "sidecar").put("image", "busybox");
    ObjectNode live = FieldManager.apply(DEPLOYMENTS, null, two, "ssa", null, false, T1);
    ObjectNode imageSet = live.deepCopy();
    ((ObjectNode) imageSet.at("/spec/template/spec/containers/1")).put("image", "busybox:2");
    live = updated(DEPLOYMENTS, live, imageSet, "kubectl-set", null);

    ObjectNode result = FieldManager.apply(DEPLOYMENTS, live, deployment(1, "nginx:1"), "ssa", null, false, T2);

    assertThat(result.at("/spec/template/spec/containers").findValuesAsText("name")).containsExactly("nginx");
  }

  @Test
  void theAnnotationIsNeitherAddedForOtherManagersNorWhenAbsent() {
    ObjectNode applied = FieldManager.apply(DEPLOYMENTS, null, deployment(1, "nginx:1"), "kubectl", null, false, T1);

    assertThat(applied.at("/metadata/annotations").isMissingNode()).isTrue();
  }

  @Test
  void managerComesFromTheUserAgentWhenNotGiven() {
    assertThat(FieldManager.managerFor(null, "kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9")).isEqualTo("kubectl");
    assertThat(FieldManager.managerFor("", "fabric8-kubernetes-client/7.1.0")).isEqualTo("fabric8-kubernetes-client");
    assertThat(FieldManager.managerFor("mine", "kubectl/v1.32.0")).isEqualTo("mine");
    assertThat(FieldManager.managerFor(null, "no-slash at all")).isEqualTo("no-slash at all");
  }

  @Test
  void aUserAgentManagerLosesUnprintableCharactersAndStopsAt128Bytes() {
    assertThat(FieldManager.managerFor(null, "tab\there\u007f\u200bnow/1")).isEqualTo("tabherenow");
    assertThat(FieldManager.managerFor(null, "x".repeat(200) + "/1")).isEqualTo("x".repeat(128));
    // Multi-byte characters count by their UTF-8 bytes, and one that would pass 128 is left out.
    assertThat(FieldManager.managerFor(null, "x".repeat(127) + "é/1")).isEqualTo("x".repeat(127));
    assertThat(FieldManager.managerFor(null, "client-é/1")).isEqualTo("client-é");
  }
}
