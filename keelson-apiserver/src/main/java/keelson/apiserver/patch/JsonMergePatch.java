package keelson.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386, {@code application/merge-patch+json}): objects merge recursively,
 * {@code null} removes a field, anything else (arrays included) replaces the old value.
 */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  /**
   * Returns {@code original} with {@code patch} applied. Neither argument is modified.
   *
   * @param original the current object, or null for none
   */
  public static JsonNode apply(JsonNode original, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode target =
        original != null && original.isObject()
            ? ((ObjectNode) original).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (field.getValue().isNull()) {
        target.remove(field.getKey());
      } else {
        target.set(field.getKey(), apply(target.get(field.getKey()), field.getValue()));
      }
    }
    return target;
  }

  /**
   * As {@link #apply} for an object patch, merging into {@code target} itself rather than into a
   * copy at every level: for a caller that owns {@code target}, which may be changed and should not
   * be used afterwards. The result shares no node with {@code patch}.
   */
  public static ObjectNode applyTo(ObjectNode target, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject()) {
        ObjectNode child = target.get(field.getKey()) instanceof ObjectNode object
            ? object
            : JsonNodeFactory.instance.objectNode();
        target.set(field.getKey(), applyTo(child, (ObjectNode) value));
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
    return target;
  }
}
