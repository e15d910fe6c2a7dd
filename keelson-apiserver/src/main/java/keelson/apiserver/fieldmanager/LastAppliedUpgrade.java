package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import keelson.apiserver.rest.Json;

/**
 * The bridge between client-side and server-side apply that kube-apiserver keeps for the {@code
 * kubectl} manager: a server-side apply does not conflict on fields whose live value is still the
 * one in the {@code last-applied-configuration} annotation (kubectl applied them, client-side), and
 * it keeps that annotation in step with what it applies, so a later client-side apply still works.
 */
final class LastAppliedUpgrade {
  private LastAppliedUpgrade() {}

  /** Returns the conflicts that client-side ownership through the annotation does not excuse. */
  static List<Conflict> remaining(List<Conflict> conflicts, String manager, ObjectNode live, TypeNode root) {
    if (!FieldManager.KUBECTL.equals(manager)) {
      return conflicts;
    }
    FieldSet allowed = allowed(live, root);
    if (allowed == null) {
      return conflicts;
    }
    List<Conflict> rest = new ArrayList<>();
    for (Conflict conflict : conflicts) {
      if (!allowed.has(conflict.path())) {
        rest.add(conflict);
      }
    }
    return rest;
  }

  /** Returns the fields of the annotation whose value the live object still has, or null. */
  private static FieldSet allowed(ObjectNode live, TypeNode root) {
    String text = live.path("metadata").path("annotations").path(FieldManager.LAST_APPLIED).asText("");
    if (text.isEmpty()) {
      return null;
    }
    try {
      JsonNode lastApplied = Json.parse(text.getBytes(StandardCharsets.UTF_8));
      if (!lastApplied.isObject() || !Json.text(live, "apiVersion").equals(Json.text(lastApplied, "apiVersion"))) {
        return null;
      }
      FieldSet fields = FieldSets.of(lastApplied, root);
      Comparison differences = Comparison.of(lastApplied, live, root);
      return fields.difference(differences.modified()).difference(differences.added())
          .difference(differences.removed());
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Rewrites the annotation, when the object has one, to the applied configuration. */
  static void syncAnnotation(ObjectNode merged, ObjectNode config) {
    JsonNode annotations = merged.path("metadata").path("annotations");
    if (annotations.path(FieldManager.LAST_APPLIED).asText("").isEmpty()) {
      return;
    }
    ObjectNode applied = config.deepCopy();
    if (applied.path("metadata").get("annotations") instanceof ObjectNode own) {
      own.remove(FieldManager.LAST_APPLIED);
      if (own.isEmpty()) {
        ((ObjectNode) applied.get("metadata")).remove("annotations");
      }
    }
    ((ObjectNode) annotations).put(FieldManager.LAST_APPLIED, Json.bytesAsString(sorted(applied)) + "\n");
  }

  /** Returns a copy with object keys sorted, as Go encodes a map. */
  private static JsonNode sorted(JsonNode value) {
    if (value.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      value.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = Json.object();
      fields.forEach(out::set);
      return out;
    }
    if (value.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      value.forEach(v -> out.add(sorted(v)));
      return out;
    }
    return value;
  }
}
