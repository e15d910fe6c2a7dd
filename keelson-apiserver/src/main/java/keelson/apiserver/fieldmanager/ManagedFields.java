package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keelson.apiserver.rest.Json;

/**
 * The decoded {@code metadata.managedFields} of an object: one field set per manager, with the
 * apiVersion and time of its last write. Field sets are decoded on first use, and an entry whose
 * set was not touched is written back as it was read.
 */
final class ManagedFields {
  private final Map<ManagerId, Entry> entries = new LinkedHashMap<>();

  /** One manager's entry. */
  static final class Entry {
    private FieldSet set;
    private JsonNode encoded;
    private String apiVersion;
    private String time;
    private long seconds = Long.MIN_VALUE;

    Entry(FieldSet set, String apiVersion, String time) {
      this.set = set;
      this.apiVersion = apiVersion;
      this.time = time;
    }

    /**
     * Returns whether any path of {@code paths} is a member of this entry: looked up in the
     * encoded form when the entry was not decoded, as most entries a write meets are not touched.
     */
    boolean touches(FieldSet paths) {
      if (paths.isEmpty()) {
        return false;
      }
      return set != null ? !set.intersection(paths).isEmpty() : touches(encoded, paths);
    }

    private static boolean touches(JsonNode fields, FieldSet paths) {
      for (PathElement member : paths.members()) {
        JsonNode node = fields.get(member.serialize());
        if (node != null && (node.isEmpty() || node.has("."))) {
          return true;
        }
      }
      for (Map.Entry<PathElement, FieldSet> child : paths.children()) {
        JsonNode node = fields.get(child.getKey().serialize());
        if (node != null && node.isObject() && touches(node, child.getValue())) {
          return true;
        }
      }
      return false;
    }

    /**
     * Removes {@code paths} from this entry. An entry not decoded yet is edited in its encoded
     * form, which keeps the order kube-apiserver wrote and spares decoding a large entry to take
     * one field out of it.
     */
    void subtract(FieldSet paths) {
      if (paths.isEmpty()) {
        return;
      }
      if (set != null) {
        set = set.difference(paths);
        encoded = null;
        return;
      }
      ObjectNode copy = (ObjectNode) encoded.deepCopy();
      removeMembers(copy, paths);
      encoded = copy;
    }

    private static void removeMembers(ObjectNode fields, FieldSet paths) {
      for (PathElement member : paths.members()) {
        String key = member.serialize();
        if (fields.get(key) instanceof ObjectNode node) {
          if (node.isEmpty()) {
            fields.remove(key);
          } else {
            node.remove(".");
          }
        }
      }
      for (Map.Entry<PathElement, FieldSet> child : paths.children()) {
        String key = child.getKey().serialize();
        if (fields.get(key) instanceof ObjectNode node && !node.isEmpty()) {
          boolean member = node.has(".");
          removeMembers(node, child.getValue());
          if (node.isEmpty() || (member && node.size() == 1 && node.has("."))) {
            if (member) {
              fields.set(key, Json.object());
            } else {
              fields.remove(key);
            }
          }
        }
      }
    }

    /** Returns whether every path of {@code paths} is a member of this entry. */
    boolean containsAll(FieldSet paths) {
      return set != null ? paths.difference(set).isEmpty() : containsAll(encoded, paths);
    }

    private static boolean containsAll(JsonNode fields, FieldSet paths) {
      for (PathElement member : paths.members()) {
        JsonNode node = fields.get(member.serialize());
        if (node == null || !(node.isEmpty() || node.has("."))) {
          return false;
        }
      }
      for (Map.Entry<PathElement, FieldSet> child : paths.children()) {
        JsonNode node = fields.get(child.getKey().serialize());
        if (node == null || !node.isObject() || !containsAll(node, child.getValue())) {
          return false;
        }
      }
      return true;
    }

    FieldSet set() {
      if (set == null) {
        set = FieldSet.fromFieldsV1(encoded);
      }
      return set;
    }

    void set(FieldSet fields, String version) {
      set = fields;
      encoded = null;
      apiVersion = version;
    }

    String apiVersion() {
      return apiVersion;
    }

    String time() {
      return time;
    }

    void time(String value) {
      time = value;
      seconds = Long.MIN_VALUE;
    }

    long seconds() {
      if (seconds == Long.MIN_VALUE) {
        seconds = ManagedFields.seconds(time);
      }
      return seconds;
    }
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  Map<ManagerId, Entry> entries() {
    return entries;
  }

  Entry get(ManagerId id) {
    return entries.get(id);
  }

  void put(ManagerId id, FieldSet set, String apiVersion, String time) {
    entries.put(id, new Entry(set, apiVersion, time));
  }

  /** Returns the union of every manager's fields. */
  FieldSet union() {
    FieldSet all = new FieldSet();
    entries.values().forEach(e -> all.addAll(e.set()));
    return all;
  }

  /** Drops the entries left without fields. */
  void dropEmpty() {
    entries.values().removeIf(e -> e.set != null ? e.set.isEmpty() : e.encoded.isEmpty());
  }

  /**
   * Returns whether a request's managedFields ask for a reset: an empty list or one empty entry,
   * which clears every entry as kube-apiserver does.
   */
  static boolean isReset(JsonNode managedFields) {
    if (managedFields == null || !managedFields.isArray()) {
      return false;
    }
    return managedFields.isEmpty() || (managedFields.size() == 1 && managedFields.get(0).isEmpty());
  }

  /**
   * Decodes {@code metadata.managedFields}; null decodes as no entries.
   *
   * @throws IllegalArgumentException if an entry is malformed
   */
  static ManagedFields decode(JsonNode managedFields) {
    ManagedFields result = new ManagedFields();
    if (managedFields == null || managedFields.isNull()) {
      return result;
    }
    if (!managedFields.isArray()) {
      throw new IllegalArgumentException("managedFields must be a list");
    }
    int i = 0;
    for (JsonNode entry : managedFields) {
      String operation = entry.path("operation").asText("");
      if (!operation.equals(ManagerId.APPLY) && !operation.equals(ManagerId.UPDATE)) {
        throw new IllegalArgumentException("operation must be `Apply` or `Update`");
      }
      String apiVersion = entry.path("apiVersion").asText("");
      if (apiVersion.isEmpty()) {
        throw new IllegalArgumentException("apiVersion must not be empty");
      }
      String fieldsType = entry.path("fieldsType").asText("");
      if (!fieldsType.equals("FieldsV1")) {
        throw new IllegalArgumentException(fieldsType.isEmpty()
            ? "missing fieldsType in managed fields entry " + i
            : "invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + i);
      }
      JsonNode fields = entry.get("fieldsV1");
      if (fields != null && !fields.isNull() && !fields.isObject()) {
        throw new IllegalArgumentException("fieldsV1 must be an object");
      }
      String subresource = entry.path("subresource").asText("");
      ManagerId id = new ManagerId(entry.path("manager").asText(""), operation,
          operation.equals(ManagerId.APPLY) ? null : apiVersion, subresource.isEmpty() ? null : subresource);
      Entry decoded = new Entry(null, apiVersion, entry.hasNonNull("time") ? entry.get("time").asText() : null);
      decoded.encoded = fields == null || fields.isNull() ? Json.object() : fields;
      result.entries.put(id, decoded);
      i++;
    }
    return result;
  }

  /** Encodes the entries in kube-apiserver's order (Apply first, then oldest first); null when none. */
  ArrayNode encode() {
    if (entries.isEmpty()) {
      return null;
    }
    List<Map.Entry<ManagerId, Entry>> sorted = new ArrayList<>(entries.entrySet());
    sorted.sort(Comparator.<Map.Entry<ManagerId, Entry>, String>comparing(e -> e.getKey().operation())
        .thenComparingLong(e -> e.getValue().seconds())
        .thenComparing(e -> e.getKey().manager())
        .thenComparing(e -> e.getValue().apiVersion)
        .thenComparing(e -> e.getKey().subresource() == null ? "" : e.getKey().subresource()));
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (Map.Entry<ManagerId, Entry> e : sorted) {
      ManagerId id = e.getKey();
      Entry entry = e.getValue();
      ObjectNode node = out.addObject();
      node.put("manager", id.manager()).put("operation", id.operation()).put("apiVersion", entry.apiVersion);
      if (entry.time != null) {
        node.put("time", entry.time);
      }
      node.put("fieldsType", "FieldsV1");
      node.set("fieldsV1", entry.encoded != null ? entry.encoded : entry.set().toFieldsV1());
      if (id.subresource() != null) {
        node.put("subresource", id.subresource());
      }
    }
    return out;
  }

  /**
   * Returns the epoch second of an entry's time, 0 when absent or unreadable. The server writes
   * times as {@code yyyy-MM-ddTHH:mm:ssZ}, read here digit by digit; anything else goes through
   * {@link Instant#parse}, which is several times slower and showed in profiles of status writes.
   */
  static long seconds(String time) {
    if (time == null) {
      return 0;
    }
    if (time.length() == 20 && time.charAt(4) == '-' && time.charAt(7) == '-' && time.charAt(10) == 'T'
        && time.charAt(13) == ':' && time.charAt(16) == ':' && time.charAt(19) == 'Z') {
      int year = digits(time, 0, 4);
      int month = digits(time, 5, 2);
      int day = digits(time, 8, 2);
      int hour = digits(time, 11, 2);
      int minute = digits(time, 14, 2);
      int second = digits(time, 17, 2);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(year, month)
          .lengthOfMonth() && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60) {
        return java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L
            + second;
      }
    }
    try {
      return Instant.parse(time).getEpochSecond();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  /** Returns the decimal number of {@code length} digits at {@code from}, or -1 if one is no digit. */
  private static int digits(String text, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Returns how many entries record updates (not applies). */
  int updaterCount() {
    int count = 0;
    for (ManagerId id : entries.keySet()) {
      if (!id.applied()) {
        count++;
      }
    }
    return count;
  }

  /** Returns the entries' identities, oldest update first, for capping the number of updaters. */
  List<ManagerId> updatersOldestFirst() {
    List<Map.Entry<ManagerId, Entry>> updaters = new ArrayList<>();
    for (Map.Entry<ManagerId, Entry> e : entries.entrySet()) {
      if (!e.getKey().applied()) {
        updaters.add(e);
      }
    }
    updaters.sort(Comparator.<Map.Entry<ManagerId, Entry>>comparingLong(e -> e.getValue().seconds())
        .thenComparing(e -> e.getKey().key()));
    List<ManagerId> ids = new ArrayList<>(updaters.size());
    updaters.forEach(e -> ids.add(e.getKey()));
    return ids;
  }
}
