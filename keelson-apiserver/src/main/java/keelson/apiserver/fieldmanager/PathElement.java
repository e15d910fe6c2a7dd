package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import keelson.apiserver.rest.Json;

/**
 * One step of a path into an object, as structured-merge-diff names them: a field ({@code
 * f:name}), a map-list element by its key fields ({@code k:{"name":"web"}}), a set element by value
 * ({@code v:"a"}) or an element by position ({@code i:0}).
 *
 * <p>Elements are ordered as in fieldsV1: fields first (by name), then keys, values, indexes.
 */
sealed interface PathElement extends Comparable<PathElement> {
  /** Returns the fieldsV1 key, such as {@code f:replicas}. */
  String serialize();

  /** Returns the element as kube-apiserver prints paths in conflicts, such as {@code .replicas}. */
  @Override
  String toString();

  /** A named field of an object or key of a map. */
  record Field(String name) implements PathElement {
    @Override
    public String serialize() {
      return "f:" + name;
    }

    // Path elements are hashed and compared on every write; a record's generated equals and
    // hashCode go through a method-handle call site, which the C1-only JIT does not inline.
    @Override
    public boolean equals(Object other) {
      return other instanceof Field f && name.equals(f.name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return "." + name;
    }
  }

  /** An element of a map list, identified by its key fields sorted by name. */
  record Key(List<Map.Entry<String, JsonNode>> fields) implements PathElement {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key k && fields.equals(k.fields);
    }

    @Override
    public int hashCode() {
      return fields.hashCode();
    }

    @Override
    public String serialize() {
      StringBuilder out = new StringBuilder("k:{");
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(fields.get(i).getKey())).append("\":");
        out.append(compact(fields.get(i).getValue()));
      }
      return out.append('}').toString();
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      fields.forEach(f -> parts.add(f.getKey() + "=" + display(f.getValue())));
      return "[" + String.join(",", parts) + "]";
    }
  }

  /** An element of a set, identified by its value. */
  record Value(JsonNode value) implements PathElement {
    @Override
    public boolean equals(Object other) {
      return other instanceof Value v && value.equals(v.value);
    }

    @Override
    public int hashCode() {
      return value.hashCode();
    }

    @Override
    public String serialize() {
      return "v:" + compact(value);
    }

    @Override
    public String toString() {
      return "[=" + display(value) + "]";
    }
  }

  /** An element of a list by position (lists that are neither sets nor maps). */
  record Index(int index) implements PathElement {
    @Override
    public boolean equals(Object other) {
      return other instanceof Index i && index == i.index;
    }

    @Override
    public int hashCode() {
      return Integer.hashCode(index);
    }

    @Override
    public String serialize() {
      return "i:" + index;
    }

    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  // Sets of paths are sorted trees, so this runs on every insert and lookup of every write's field
  // sets: plain type tests here, where a pattern switch costs a method-handle call per use under
  // the C1-only JIT.
  @Override
  default int compareTo(PathElement other) {
    if (this instanceof Field f && other instanceof Field o) {
      return f.name().compareTo(o.name());
    }
    int rank = Integer.compare(rank(this), rank(other));
    if (rank != 0) {
      return rank;
    }
    if (this instanceof Key k) {
      return compareKeys(k.fields(), ((Key) other).fields());
    }
    if (this instanceof Value v) {
      return compareValues(v.value(), ((Value) other).value());
    }
    return Integer.compare(((Index) this).index(), ((Index) other).index());
  }

  /** Returns a map-list key of one key field. */
  static Key key(String field, JsonNode value) {
    return new Key(List.of(Map.entry(field, normalize(value))));
  }

  /** Returns a map-list key from unsorted key fields. */
  static Key key(List<Map.Entry<String, JsonNode>> fields) {
    if (fields.size() == 1) {
      return new Key(List.of(Map.entry(fields.getFirst().getKey(), normalize(fields.getFirst().getValue()))));
    }
    List<Map.Entry<String, JsonNode>> sorted = new ArrayList<>(fields.size());
    fields.forEach(f -> sorted.add(Map.entry(f.getKey(), normalize(f.getValue()))));
    sorted.sort(Map.Entry.comparingByKey());
    return new Key(List.copyOf(sorted));
  }

  /** Returns a set element. */
  static Value value(JsonNode value) {
    return new Value(normalize(value));
  }

  /**
   * Parses a fieldsV1 key.
   *
   * @throws IllegalArgumentException if the key is not one
   */
  static PathElement parse(String text) {
    if (text.length() < 2 || text.charAt(1) != ':') {
      throw new IllegalArgumentException("invalid path element " + text);
    }
    String body = text.substring(2);
    try {
      return switch (text.charAt(0)) {
        case 'f' -> new Field(body);
        case 'i' -> new Index(Integer.parseInt(body));
        case 'v' -> value(Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        case 'k' -> {
          JsonNode object = Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          if (!object.isObject()) {
            throw new IllegalArgumentException("invalid key " + body);
          }
          List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
          object.properties().forEach(e -> fields.add(Map.entry(e.getKey(), e.getValue())));
          yield key(fields);
        }
        default -> throw new IllegalArgumentException("invalid path element " + text);
      };
    } catch (java.io.IOException | NumberFormatException e) {
      throw new IllegalArgumentException("invalid path element " + text, e);
    }
  }

  /** Numbers compare by value whatever their Java type: 80 from a patch equals 80 from storage. */
  private static JsonNode normalize(JsonNode value) {
    if (value.isTextual() || value instanceof LongNode) {
      return value;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return LongNode.valueOf(value.asLong());
    }
    if (value.isFloatingPointNumber()) {
      return DoubleNode.valueOf(value.asDouble());
    }
    return value;
  }

  private static int rank(PathElement element) {
    if (element instanceof Field) {
      return 0;
    }
    if (element instanceof Key) {
      return 1;
    }
    return element instanceof Value ? 2 : 3;
  }

  private static int compareKeys(List<Map.Entry<String, JsonNode>> a, List<Map.Entry<String, JsonNode>> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int names = a.get(i).getKey().compareTo(b.get(i).getKey());
      if (names != 0) {
        return names;
      }
      int values = compareValues(a.get(i).getValue(), b.get(i).getValue());
      if (values != 0) {
        return values;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Orders scalars: null, then numbers, strings and booleans; containers by their text. */
  private static int compareValues(JsonNode a, JsonNode b) {
    int kinds = Integer.compare(valueRank(a), valueRank(b));
    if (kinds != 0) {
      return kinds;
    }
    if (a.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    if (a.isTextual()) {
      return a.textValue().compareTo(b.textValue());
    }
    if (a.isBoolean()) {
      return Boolean.compare(a.booleanValue(), b.booleanValue());
    }
    return Comparator.<String>naturalOrder().compare(a.toString(), b.toString());
  }

  private static int valueRank(JsonNode value) {
    if (value.isNull()) {
      return 0;
    }
    if (value.isNumber()) {
      return 1;
    }
    if (value.isTextual()) {
      return 2;
    }
    if (value.isBoolean()) {
      return 3;
    }
    return value.isArray() ? 4 : 5;
  }

  private static String compact(JsonNode value) {
    if (value.isTextual()) {
      return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value.textValue())) + "\"";
    }
    if (value.isNumber() || value.isBoolean() || value.isNull()) {
      return value.toString();
    }
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prints a value as structured-merge-diff does in paths: strings quoted, numbers bare. */
  private static String display(JsonNode value) {
    return value.isTextual() ? compact(value) : value.toString();
  }
}
