package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Null-safe reads from stored objects, giving Go's zero values for absent fields. */
final class Json {
  private Json() {}

  /** Returns the node at a path of object keys, or a missing node. */
  static JsonNode at(JsonNode node, String... path) {
    JsonNode at = node == null ? MissingNode.getInstance() : node;
    for (String step : path) {
      at = at.path(step);
    }
    return at;
  }

  /** Returns the text at a path, or "" when absent or null. */
  static String text(JsonNode node, String... path) {
    JsonNode at = at(node, path);
    return at.isValueNode() && !at.isNull() ? at.asText() : "";
  }

  /** Returns the integer at a path, or 0 when absent. */
  static long integer(JsonNode node, String... path) {
    return at(node, path).asLong(0);
  }

  /** Returns the boolean at a path, or false when absent. */
  static boolean bool(JsonNode node, String... path) {
    return at(node, path).asBoolean(false);
  }

  /** Returns whether the path holds a non-null value. */
  static boolean present(JsonNode node, String... path) {
    JsonNode at = at(node, path);
    return !at.isMissingNode() && !at.isNull();
  }

  /** Returns the number of entries of an object or array at a path (0 when absent). */
  static int size(JsonNode node, String... path) {
    return at(node, path).size();
  }

  /** Returns {@code metadata.name}. */
  static String name(JsonNode obj) {
    return text(obj, "metadata", "name");
  }

  /** Returns the AGE cell of an object: the human duration since {@code metadata.creationTimestamp}. */
  static String age(JsonNode obj, java.time.Instant now) {
    return HumanDuration.since(at(obj, "metadata", "creationTimestamp"), now);
  }
}
