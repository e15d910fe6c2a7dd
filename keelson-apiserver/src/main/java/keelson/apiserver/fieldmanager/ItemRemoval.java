package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes the fields and elements of a set from an object, as structured-merge-diff's RemoveItems:
 * a member goes with everything below it, a child is descended into, and a map or list left empty
 * by the removal goes too.
 */
final class ItemRemoval {
  private ItemRemoval() {}

  /** Removes {@code set} from {@code value} in place. */
  static void remove(JsonNode value, FieldSet set, TypeNode type) {
    if (value == null || set.isEmpty() || type.isLeaf(value)) {
      return;
    }
    if (value instanceof ObjectNode object) {
      List<String> drop = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        PathElement element = new PathElement.Field(field.getKey());
        if (set.hasMember(element)) {
          drop.add(field.getKey());
          continue;
        }
        FieldSet below = set.childOrNull(element);
        if (below != null && removeBelow(field.getValue(), below, type.field(field.getKey()))) {
          drop.add(field.getKey());
        }
      }
      object.remove(drop);
    } else if (value instanceof ArrayNode array) {
      TypeNode elementType = type.element();
      for (int i = array.size() - 1; i >= 0; i--) {
        PathElement element;
        try {
          element = type.elementName(array.get(i));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (set.hasMember(element)) {
          array.remove(i);
          continue;
        }
        FieldSet below = set.childOrNull(element);
        if (below != null) {
          remove(array.get(i), below, elementType);
        }
      }
    }
  }

  /** Removes below a field; returns whether the field, emptied by it, should go as well. */
  private static boolean removeBelow(JsonNode value, FieldSet set, TypeNode type) {
    boolean hadContent = (value.isObject() || value.isArray()) && !value.isEmpty();
    remove(value, set, type);
    return hadContent && value.isEmpty();
  }
}
