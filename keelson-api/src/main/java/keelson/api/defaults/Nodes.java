package keelson.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small helpers for filling a Jackson tree: set a field only when the user left it unset. */
final class Nodes {
  private Nodes() {}

  /** Returns the object child, creating it when absent or null. */
  static ObjectNode object(ObjectNode parent, String name) {
    JsonNode child = parent.get(name);
    if (child instanceof ObjectNode object) {
      return object;
    }
    return parent.putObject(name);
  }

  /** Returns the object child, or null when absent. */
  static ObjectNode existing(JsonNode parent, String name) {
    JsonNode child = parent == null ? null : parent.get(name);
    return child instanceof ObjectNode object ? object : null;
  }

  /** Returns whether the field is absent or JSON null. */
  static boolean unset(JsonNode parent, String name) {
    JsonNode child = parent.get(name);
    return child == null || child.isNull();
  }

  /** Returns whether the field is absent, null or an empty string, Go's zero value for strings. */
  static boolean blank(JsonNode parent, String name) {
    JsonNode child = parent.get(name);
    return child == null || child.isNull() || child.asText().isEmpty();
  }

  static void defaultText(ObjectNode parent, String name, String value) {
    if (blank(parent, name)) {
      parent.put(name, value);
    }
  }

  /** Sets an int field when it is absent or zero: for Go fields that are plain ints, 0 means unset. */
  static void defaultNonZeroInt(ObjectNode parent, String name, int value) {
    if (unset(parent, name) || parent.get(name).asLong() == 0) {
      parent.put(name, value);
    }
  }

  /** Iterates the object elements of a list field. */
  static Iterable<ObjectNode> objects(JsonNode parent, String name) {
    java.util.List<ObjectNode> out = new java.util.ArrayList<>();
    JsonNode list = parent == null ? null : parent.get(name);
    if (list != null && list.isArray()) {
      for (JsonNode item : list) {
        if (item instanceof ObjectNode object) {
          out.add(object);
        }
      }
    }
    return out;
  }
}
