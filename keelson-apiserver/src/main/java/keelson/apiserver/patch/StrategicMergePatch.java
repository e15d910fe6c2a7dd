package keelson.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import keelson.api.schema.AnySchema;
import keelson.api.schema.ArraySchema;
import keelson.api.schema.FieldSchema;
import keelson.api.schema.MapSchema;
import keelson.api.schema.ObjectSchema;
import keelson.api.schema.PatchStrategy;
import keelson.api.schema.Property;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}), the patch {@code kubectl
 * apply} computes on re-apply.
 *
 * <p>Objects merge recursively and {@code null} removes a field. A list merges only where the
 * kind's Go types say so ({@link PatchStrategy}): lists of objects by their merge key, lists of
 * scalars as a set; every other list is replaced. Directives: {@code $patch: replace | delete |
 * merge} on an object or list element, {@code $setElementOrder/<list>}, {@code $retainKeys} and
 * {@code $deleteFromPrimitiveList/<list>}. Fields the schema does not know (and free-form
 * subtrees) merge as plain objects with lists replaced. Semantics follow apimachinery's {@code
 * strategicpatch} package when applying a patch to a stored object.
 */
public final class StrategicMergePatch {
  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
  private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StrategicMergePatch() {}

  /**
   * Returns {@code original} with {@code patch} applied. Neither argument is modified.
   *
   * @param original the stored object, or null when there is none
   * @param schema the schema of the object, normally {@code Schemas.of(type)}
   * @throws PatchException 400 if the patch is not an object or a directive is malformed
   */
  public static JsonNode apply(JsonNode original, JsonNode patch, FieldSchema schema) {
    if (!patch.isObject()) {
      throw PatchException.badRequest("a strategic merge patch must be a JSON object, not " + kindOf(patch));
    }
    ObjectNode base =
        original != null && original.isObject() ? ((ObjectNode) original).deepCopy() : NODES.objectNode();
    return mergeObject(base, (ObjectNode) patch, schema);
  }

  /**
   * As {@link #apply}, merging into {@code target} itself rather than into a copy: for a caller
   * that owns {@code target} (the registry hands each write its own copy of the stored object),
   * which saves copying the whole object once more per patch. {@code target} may be changed and
   * should not be used afterwards; the result shares no node with {@code patch}.
   */
  public static ObjectNode applyTo(ObjectNode target, JsonNode patch, FieldSchema schema) {
    if (!patch.isObject()) {
      throw PatchException.badRequest("a strategic merge patch must be a JSON object, not " + kindOf(patch));
    }
    return mergeObject(target, (ObjectNode) patch, schema);
  }

  /** Merges {@code patch} into {@code original}, which this call owns and may change. */
  private static ObjectNode mergeObject(ObjectNode original, ObjectNode patch, FieldSchema schema) {
    JsonNode directive = patch.get(PATCH);
    if (directive != null) {
      switch (directive.asText()) {
        case "replace" -> {
          return mergeObject(NODES.objectNode(), withoutField(patch, PATCH), schema);
        }
        case "delete" -> {
          return NODES.objectNode();
        }
        case "merge" -> {}
        default -> throw badDirective(directive, patch);
      }
    }
    retainKeys(original, patch);
    deleteFromPrimitiveLists(original, patch);
    Set<String> ordered = setElementOrders(original, patch, schema);

    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.startsWith("$") || ordered.contains(key)) {
        continue;
      }
      if (value.isNull()) {
        original.remove(key);
        continue;
      }
      Slot slot = Slot.of(schema, key);
      JsonNode current = original.get(key);
      if (value.isObject()) {
        ObjectNode base = current instanceof ObjectNode object ? object : NODES.objectNode();
        original.set(key, mergeObject(base, (ObjectNode) value, slot.schema()));
      } else if (value.isArray()) {
        original.set(key, mergeList(current instanceof ArrayNode array ? array : null, (ArrayNode) value, slot));
      } else {
        original.set(key, value.deepCopy());
      }
    }
    return original;
  }

  /** Applies {@code $retainKeys}: the original keeps only the listed keys before merging. */
  private static void retainKeys(ObjectNode original, ObjectNode patch) {
    JsonNode retain = patch.get(RETAIN_KEYS);
    if (retain == null) {
      return;
    }
    if (!retain.isArray()) {
      throw PatchException.badRequest("$retainKeys must be a list of field names, not " + retain);
    }
    Set<String> keep = new HashSet<>();
    retain.forEach(name -> keep.add(name.asText()));
    List<String> drop = new ArrayList<>();
    original.fieldNames().forEachRemaining(name -> {
      if (!keep.contains(name)) {
        drop.add(name);
      }
    });
    original.remove(drop);
  }

  /** Applies {@code $deleteFromPrimitiveList/<list>}: removes the given values from the list. */
  private static void deleteFromPrimitiveLists(ObjectNode original, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (!field.getKey().startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        continue;
      }
      if (!field.getValue().isArray()) {
        throw PatchException.badRequest(field.getKey() + " must be a list, not " + field.getValue());
      }
      String list = field.getKey().substring(DELETE_FROM_PRIMITIVE_LIST.length());
      if (original.get(list) instanceof ArrayNode values) {
        ArrayNode kept = NODES.arrayNode();
        for (JsonNode value : values) {
          if (!contains(field.getValue(), value)) {
            kept.add(value);
          }
        }
        original.set(list, kept);
      }
    }
  }

  /**
   * Applies {@code $setElementOrder/<list>}: merges the list it names, then puts the result in the
   * directive's order with server-only elements interleaved.
   *
   * @return the names of the lists already merged here
   */
  private static Set<String> setElementOrders(ObjectNode original, ObjectNode patch, FieldSchema schema) {
    Set<String> done = new HashSet<>();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (!field.getKey().startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (!field.getValue().isArray()) {
        throw PatchException.badRequest(field.getKey() + " must be a list, not " + field.getValue());
      }
      String list = field.getKey().substring(SET_ELEMENT_ORDER.length());
      JsonNode patchList = patch.get(list);
      if (patchList != null && !patchList.isArray()) {
        continue; // null removes the list, anything else replaces it: the plain merge handles both
      }
      Slot slot = Slot.of(schema, list);
      ArrayNode current = original.get(list) instanceof ArrayNode array ? array : null;
      ArrayNode merged =
          patchList == null
              ? (current == null ? NODES.arrayNode() : current)
              : mergeList(current, (ArrayNode) patchList, slot);
      List<JsonNode> order = new ArrayList<>();
      field.getValue().forEach(order::add);
      List<JsonNode> result =
          ListOrder.order(elements(merged), order, current == null ? List.of() : elements(current),
              identity(slot.patch()));
      original.set(list, NODES.arrayNode().addAll(result));
      done.add(list);
    }
    return done;
  }

  private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, Slot slot) {
    PatchStrategy strategy = slot.patch();
    if (!strategy.merge()) {
      return patch.deepCopy();
    }
    List<JsonNode> server = original == null ? List.of() : elements(original);
    List<JsonNode> merged;
    List<JsonNode> patchElements;
    if (!strategy.hasMergeKey()) {
      patchElements = elements(patch);
      merged = new ArrayList<>();
      for (JsonNode value : concat(server, patchElements)) {
        if (!merged.contains(value)) {
          merged.add(value.deepCopy());
        }
      }
    } else {
      String mergeKey = strategy.mergeKey();
      FieldSchema items = slot.schema() instanceof ArraySchema array ? array.items() : AnySchema.ANY;
      // The elements are the original's, which this call owns: merged in place, not copied.
      merged = new ArrayList<>(server);
      patchElements = new ArrayList<>();
      boolean replace = false;
      for (JsonNode element : patch) {
        JsonNode directive = element.isObject() ? element.get(PATCH) : null;
        if (directive == null || directive.asText().equals("merge")) {
          patchElements.add(directive == null ? element : withoutField((ObjectNode) element, PATCH));
          continue;
        }
        switch (directive.asText()) {
          case "delete" -> {
            JsonNode key = requireMergeKey(element, mergeKey);
            merged.removeIf(existing -> key.equals(existing.get(mergeKey)));
          }
          case "replace" -> replace = true;
          default -> throw badDirective(directive, element);
        }
      }
      if (replace) {
        merged.clear();
        server = List.of();
      }
      for (JsonNode element : patchElements) {
        if (!element.isObject()) {
          throw PatchException.badRequest(
              "list elements merged by \"" + mergeKey + "\" must be objects, not " + element);
        }
        JsonNode key = requireMergeKey(element, mergeKey);
        int at = indexOf(merged, mergeKey, key);
        if (at >= 0) {
          ObjectNode base = merged.get(at) instanceof ObjectNode object ? object : NODES.objectNode();
          merged.set(at, mergeObject(base, (ObjectNode) element, items));
        } else {
          merged.add(mergeObject(NODES.objectNode(), (ObjectNode) element, items));
        }
      }
    }
    return NODES.arrayNode().addAll(ListOrder.order(merged, patchElements, server, identity(strategy)));
  }

  private static Function<JsonNode, JsonNode> identity(PatchStrategy strategy) {
    return strategy.hasMergeKey() ? element -> element.get(strategy.mergeKey()) : element -> element;
  }

  private static JsonNode requireMergeKey(JsonNode element, String mergeKey) {
    JsonNode key = element.get(mergeKey);
    if (key == null) {
      throw PatchException.badRequest(
          "map: " + withoutField((ObjectNode) element, PATCH) + " does not contain declared merge key: "
              + mergeKey);
    }
    return key;
  }

  private static int indexOf(List<JsonNode> elements, String mergeKey, JsonNode key) {
    for (int i = 0; i < elements.size(); i++) {
      if (key.equals(elements.get(i).get(mergeKey))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static List<JsonNode> elements(ArrayNode array) {
    List<JsonNode> list = new ArrayList<>(array.size());
    array.forEach(list::add);
    return list;
  }

  private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
    List<JsonNode> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static ObjectNode withoutField(ObjectNode object, String field) {
    ObjectNode copy = object.deepCopy();
    copy.remove(field);
    return copy;
  }

  private static PatchException badDirective(JsonNode directive, JsonNode where) {
    return PatchException.badRequest("unknown patch type: " + directive + " in " + where);
  }

  private static String kindOf(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The schema and patch strategy of one field, looked up from its parent's schema. */
  private record Slot(FieldSchema schema, PatchStrategy patch) {
    static Slot of(FieldSchema parent, String field) {
      return switch (parent) {
        case ObjectSchema object -> {
          Property property = object.properties().get(field);
          yield property == null
              ? new Slot(AnySchema.ANY, PatchStrategy.REPLACE)
              : new Slot(property.schema(), property.patch());
        }
        case MapSchema map -> new Slot(map.values(), PatchStrategy.REPLACE);
        default -> new Slot(AnySchema.ANY, PatchStrategy.REPLACE);
      };
    }
  }
}
