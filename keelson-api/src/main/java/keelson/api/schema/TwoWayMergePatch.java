package keelson.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Computes the strategic merge patch that turns one version of an object into another, as
 * apimachinery's {@code strategicpatch.CreateTwoWayMergePatch} does (the kubelet sends its pod
 * status updates this way): only what changed, so a client writes a few hundred bytes instead of
 * the whole object.
 *
 * <p>Objects are compared field by field; a field gone from {@code modified} becomes {@code null}.
 * Lists follow the field's {@link PatchStrategy}: a list merged by key lists the elements that are
 * new or changed (a changed one carries only its changed fields and its key), a {@code $patch:
 * delete} for each one gone, and a {@code $setElementOrder/<list>} with the keys in the new order;
 * a list merged as a set lists the new values, a {@code $deleteFromPrimitiveList/<list>} for the
 * gone ones and the new order; every other list is replaced whole when it differs. No {@code
 * $retainKeys} is emitted, as upstream's two-way patch emits none. Pure and thread-safe.
 */
public final class TwoWayMergePatch {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TwoWayMergePatch() {}

  /**
   * Returns the patch from {@code original} to {@code modified}, an empty object if they are equal.
   * Neither argument is modified; the patch may share subtrees with {@code modified}.
   *
   * @param schema the schema of both objects ({@link Schemas#of}); unknown fields diff as plain
   *     objects with lists replaced
   * @throws IllegalArgumentException if an element of a list merged by key lacks that key
   */
  public static ObjectNode create(ObjectNode original, ObjectNode modified, FieldSchema schema) {
    ObjectNode patch = NODES.objectNode();
    for (Map.Entry<String, JsonNode> field : modified.properties()) {
      String key = field.getKey();
      JsonNode now = field.getValue();
      JsonNode before = original.get(key);
      if (before == null) {
        patch.set(key, now);
      } else if (before.isObject() && now.isObject()) {
        ObjectNode inner = create((ObjectNode) before, (ObjectNode) now, slot(schema, key).schema());
        if (!inner.isEmpty()) {
          patch.set(key, inner);
        }
      } else if (before.isArray() && now.isArray()) {
        diffList(key, (ArrayNode) before, (ArrayNode) now, slot(schema, key), patch);
      } else if (!before.equals(now)) {
        patch.set(key, now);
      }
    }
    for (Map.Entry<String, JsonNode> field : original.properties()) {
      if (!modified.has(field.getKey())) {
        patch.putNull(field.getKey());
      }
    }
    return patch;
  }

  private static void diffList(String key, ArrayNode before, ArrayNode now, Property slot, ObjectNode patch) {
    PatchStrategy strategy = slot.patch();
    if (!strategy.merge()) {
      if (!before.equals(now)) {
        patch.set(key, now);
      }
    } else if (strategy.hasMergeKey()) {
      FieldSchema items = slot.schema() instanceof ArraySchema array ? array.items() : AnySchema.ANY;
      diffByKey(key, before, now, strategy.mergeKey(), items, patch);
    } else {
      diffSet(key, before, now, patch);
    }
  }

  /** A list of objects merged by {@code mergeKey}: changes and additions in the new order, then deletions. */
  private static void diffByKey(String key, ArrayNode before, ArrayNode now, String mergeKey, FieldSchema items,
      ObjectNode patch) {
    Map<JsonNode, ObjectNode> old = byKey(key, before, mergeKey);
    Map<JsonNode, ObjectNode> current = byKey(key, now, mergeKey);
    ArrayNode changes = NODES.arrayNode();
    for (Map.Entry<JsonNode, ObjectNode> element : current.entrySet()) {
      ObjectNode was = old.get(element.getKey());
      if (was == null) {
        changes.add(element.getValue());
        continue;
      }
      ObjectNode diff = create(was, element.getValue(), items);
      if (!diff.isEmpty()) {
        ObjectNode keyed = NODES.objectNode().set(mergeKey, element.getKey());
        keyed.setAll(diff);
        changes.add(keyed);
      }
    }
    for (JsonNode gone : old.keySet()) {
      if (!current.containsKey(gone)) {
        changes.add(NODES.objectNode().put("$patch", "delete").set(mergeKey, gone));
      }
    }
    boolean reordered = !old.keySet().stream().filter(current::containsKey).toList()
        .equals(current.keySet().stream().filter(old::containsKey).toList());
    if (!changes.isEmpty()) {
      patch.set(key, changes);
    }
    if (!changes.isEmpty() || reordered) {
      ArrayNode order = patch.putArray("$setElementOrder/" + key);
      current.keySet().forEach(k -> order.add(NODES.objectNode().set(mergeKey, k)));
    }
  }

  /** A list of scalars merged as a set: additions, deletions beside it, and the new order. */
  private static void diffSet(String key, ArrayNode before, ArrayNode now, ObjectNode patch) {
    Set<JsonNode> old = new HashSet<>();
    before.forEach(old::add);
    Set<JsonNode> current = new HashSet<>();
    now.forEach(current::add);
    ArrayNode added = NODES.arrayNode();
    now.forEach(value -> {
      if (!old.contains(value)) {
        added.add(value);
      }
    });
    ArrayNode removed = NODES.arrayNode();
    before.forEach(value -> {
      if (!current.contains(value)) {
        removed.add(value);
      }
    });
    if (!added.isEmpty()) {
      patch.set(key, added);
    }
    if (!removed.isEmpty()) {
      patch.set("$deleteFromPrimitiveList/" + key, removed);
    }
    if (!before.equals(now)) {
      patch.set("$setElementOrder/" + key, now);
    }
  }

  private static Map<JsonNode, ObjectNode> byKey(String list, ArrayNode elements, String mergeKey) {
    Map<JsonNode, ObjectNode> byKey = new LinkedHashMap<>();
    for (JsonNode element : elements) {
      JsonNode key = element.get(mergeKey);
      if (!(element instanceof ObjectNode object) || key == null) {
        throw new IllegalArgumentException(
            "element of " + list + " has no merge key " + mergeKey + ": " + element);
      }
      byKey.put(key, object);
    }
    return byKey;
  }

  /** The schema and patch strategy of one field of an object. */
  private static Property slot(FieldSchema parent, String field) {
    return switch (parent) {
      case ObjectSchema object -> {
        Property property = object.properties().get(field);
        yield property == null ? unknown(field) : property;
      }
      case MapSchema map -> new Property(field, map.values(), false, PatchStrategy.REPLACE);
      default -> unknown(field);
    };
  }

  private static Property unknown(String field) {
    return new Property(field, AnySchema.ANY, false, PatchStrategy.REPLACE);
  }
}
