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
}
