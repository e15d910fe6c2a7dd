package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Null-safe reads of a Jackson tree, treating JSON null like an absent field as Go's decoder does. */
final class Trees {
  private Trees() {}

  /** Returns the child, or a missing node when the parent or child is absent or null. */
  static JsonNode at(JsonNode node, String... names) {
    JsonNode cur = node;
    for (String name : names) {
      if (cur == null || !cur.isObject()) {
        return MissingNode.getInstance();
      }
      cur = cur.get(name);
      if (cur == null || cur.isNull()) {
        return MissingNode.getInstance();
      }
    }
    return cur == null ? MissingNode.getInstance() : cur;
  }

  /** Returns whether the field is present and not null. */
  static boolean has(JsonNode node, String... names) {
    return !at(node, names).isMissingNode();
  }

  /** Returns the string value, or {@code ""} as Go's zero value. */
  static String text(JsonNode node, String... names) {
    JsonNode v = at(node, names);
    return v.isMissingNode() ? "" : v.asText();
  }

  /** Returns the integer value, or {@code dflt} when absent. */
  static long integer(JsonNode node, long dflt, String... names) {
    JsonNode v = at(node, names);
    return v.isMissingNode() ? dflt : v.asLong();
  }

  /** Returns the elements of a list, empty when absent. */
  static List<JsonNode> items(JsonNode node, String... names) {
    JsonNode v = at(node, names);
    List<JsonNode> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(out::add);
    }
    return out;
  }

  /** Returns the entries of a string map in document order, empty when absent. */
  static Map<String, String> stringMap(JsonNode node, String... names) {
    JsonNode v = at(node, names);
    Map<String, String> out = new LinkedHashMap<>();
    if (v.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
      }
    }
    return out;
  }

  /** Returns the strings of a list, empty when absent. */
  static List<String> strings(JsonNode node, String... names) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : items(node, names)) {
      out.add(item.asText());
    }
    return out;
  }

  /**
   * Returns whether two subtrees are semantically equal as Go's DeepEqual sees decoded structs:
   * absent, null, empty list and empty map count as equal to each other.
   */
  static boolean same(JsonNode a, JsonNode b) {
    // Equal trees are the same without normalizing both (the common case: a status update leaves
    // the spec as it was); normalizing only decides the cases plain equality calls different.
    if (a != null && a.equals(b)) {
      return true;
    }
    return Objects.equals(normalize(a), normalize(b));
  }

  private static Object normalize(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      Map<String, Object> out = new java.util.TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Object v = normalize(e.getValue());
        if (v != null) {
          out.put(e.getKey(), v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      n.forEach(item -> out.add(normalize(item)));
      return out.isEmpty() ? null : out;
    }
    if (n.isNumber()) {
      return n.decimalValue().stripTrailingZeros();
    }
    if (n.isBoolean()) {
      // false is Go's zero value, as is an absent bool
      return n.asBoolean() ? Boolean.TRUE : null;
    }
    String s = n.asText();
    return s.isEmpty() ? null : s;
  }
}
