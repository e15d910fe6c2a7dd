package keelson.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import keelson.api.registry.ResourceType;

/**
 * Finds fields a request body sets that the kind does not have, as kube-apiserver's strict decoder
 * does for {@code fieldValidation=Strict}, and drops them for {@code Ignore} and {@code Warn}.
 *
 * <p>Paths are dotted from the object's root with list indices in brackets, for example {@code
 * spec.template.spec.containers[0].imagePullPolice}. An unknown field's own subtree is not searched:
 * a field inside a misspelt {@code spec.templates} is not reported again. Type mismatches (a string
 * where an object belongs) are not unknown fields and are left to decoding.
 */
public final class StrictDecoding {
  private StrictDecoding() {}

  /** Returns the paths of every unknown field in {@code object}, in document order. */
  public static List<String> unknownFields(ResourceType type, JsonNode object) {
    if (known(Schemas.of(type), object)) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    walk(Schemas.of(type), object, "", found, false);
    return found;
  }

  /**
   * Returns whether a strategic-merge or JSON merge patch names only known fields, its directives
   * ({@code $patch}, {@code $setElementOrder/...}, {@code $retainKeys}, ...) aside. Such a patch adds
   * no unknown field to an object that had none, so the patched object need not be searched.
   */
  public static boolean mergePatchKnown(ResourceType type, JsonNode patch) {
    return known(Schemas.of(type), patch, true);
  }

  /**
   * Removes every unknown field from {@code object} in place.
   *
   * @return the paths of the removed fields, in document order
   */
  public static List<String> dropUnknownFields(ResourceType type, ObjectNode object) {
    if (known(Schemas.of(type), object)) {
      return List.of();
    }
    List<String> dropped = new ArrayList<>();
    walk(Schemas.of(type), object, "", dropped, true);
    return dropped;
  }

  /**
   * Returns the message kube-apiserver gives for a body with unknown fields, such as {@code
   * StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown
   * field "spec.templates"}.
   */
  public static String message(ResourceType type, List<String> unknownPaths) {
    String fields =
        unknownPaths.stream()
            .map(path -> "unknown field \"" + path + "\"")
            .collect(Collectors.joining(", "));
    return type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
        + type.kind() + ": strict decoding error: " + fields;
  }

  /**
   * Returns whether every field of {@code node} is known: the walk of {@link #walk} without
   * building a path for each field, which every write pays for while nearly none has an unknown
   * field; only a body that has one is walked again to name them.
   */
  private static boolean known(FieldSchema schema, JsonNode node) {
    return known(schema, node, false);
  }

  /** Whether a key is one of strategic merge patch's directives, which are not fields. */
  private static boolean isDirective(String key) {
    return key.equals("$patch") || key.equals("$retainKeys") || key.startsWith("$setElementOrder/")
        || key.startsWith("$deleteFromPrimitiveList/");
  }

  private static boolean known(FieldSchema schema, JsonNode node, boolean directives) {
    switch (schema) {
      case ObjectSchema object -> {
        if (node.isObject()) {
          for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (directives && isDirective(field.getKey())) {
              continue;
            }
            Property property = object.properties().get(field.getKey());
            if (property == null || !known(property.schema(), field.getValue(), directives)) {
              return false;
            }
          }
        }
        return true;
      }
      case ArraySchema array -> {
        if (node.isArray()) {
          for (JsonNode item : node) {
            if (!known(array.items(), item, directives)) {
              return false;
            }
          }
        }
        return true;
      }
      case MapSchema map -> {
        if (node.isObject()) {
          for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (directives && isDirective(entry.getKey())) {
              continue;
            }
            if (!known(map.values(), entry.getValue(), directives)) {
              return false;
            }
          }
        }
        return true;
      }
      case PrimitiveSchema primitive -> {
        return true;
      }
      case AnySchema any -> {
        return true;
      }
    }
  }

  private static void walk(
      FieldSchema schema, JsonNode node, String path, List<String> found, boolean remove) {
    switch (schema) {
      case ObjectSchema object -> {
        if (!node.isObject()) {
          return;
        }
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
          Property property = object.properties().get(field.getKey());
          if (property == null) {
            found.add(fieldPath);
            unknown.add(field.getKey());
          } else {
            walk(property.schema(), field.getValue(), fieldPath, found, remove);
          }
        }
        if (remove) {
          ((ObjectNode) node).remove(unknown);
        }
      }
      case ArraySchema array -> {
        if (node.isArray()) {
          for (int i = 0; i < node.size(); i++) {
            walk(array.items(), node.get(i), path + "[" + i + "]", found, remove);
          }
        }
      }
      case MapSchema map -> {
        if (node.isObject()) {
          for (Map.Entry<String, JsonNode> entry : node.properties()) {
            walk(map.values(), entry.getValue(), path + "[" + entry.getKey() + "]", found, remove);
          }
        }
      }
      case PrimitiveSchema primitive -> {}
      case AnySchema any -> {}
    }
  }
}
