package keelson.api.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Converts Events between core/v1 (how they are stored) and events.k8s.io/v1, field for field as
 * kube-apiserver does: {@code involvedObject} is {@code regarding}, {@code message} is {@code note},
 * {@code reportingComponent} is {@code reportingController}, and the older {@code source},
 * {@code firstTimestamp}, {@code lastTimestamp} and {@code count} are the {@code deprecated…} fields.
 * The fields both have ({@code eventTime}, {@code series}, {@code action}, {@code reason},
 * {@code type}, {@code related}, {@code reportingInstance}, metadata) and any unknown field are kept
 * as they are, so strict validation still sees the latter. Pure.
 */
public final class EventConversion {
  public static final String V1 = "events.k8s.io/v1";

  /** core/v1 name → events.k8s.io/v1 name, for the fields that are renamed. */
  private static final Map<String, String> RENAMED = Map.of(
      "involvedObject", "regarding",
      "message", "note",
      "reportingComponent", "reportingController",
      "source", "deprecatedSource",
      "firstTimestamp", "deprecatedFirstTimestamp",
      "lastTimestamp", "deprecatedLastTimestamp",
      "count", "deprecatedCount");
  private static final Map<String, String> RENAMED_BACK = invert(RENAMED);

  private EventConversion() {}

  /** Returns the events.k8s.io/v1 form of a stored (core/v1) Event. */
  public static ObjectNode toEventsV1(ObjectNode core) {
    ObjectNode out = rename(core, RENAMED);
    out.put("apiVersion", V1);
    out.put("kind", "Event");
    return reorderTypeMeta(out);
  }

  /** Returns the core/v1 form (the stored one) of an events.k8s.io/v1 Event. */
  public static ObjectNode toCore(ObjectNode eventsV1) {
    ObjectNode out = rename(eventsV1, RENAMED_BACK);
    if (out.has("apiVersion")) {
      out.put("apiVersion", "v1");
    }
    return out;
  }

  /**
   * Converts whatever a response carries to the events.k8s.io/v1 form: an Event, an EventList (its
   * items), a Table (its rows' objects) or a watch bookmark; anything else (a Status) is returned as
   * it is.
   */
  public static JsonNode outbound(JsonNode body) {
    if (!(body instanceof ObjectNode object)) {
      return body;
    }
    String kind = object.path("kind").asText("");
    String apiVersion = object.path("apiVersion").asText("");
    switch (kind) {
      case "Event" -> {
        return apiVersion.equals("v1") ? toEventsV1(object) : object;
      }
      case "EventList" -> {
        ObjectNode list = object.deepCopy();
        list.put("apiVersion", V1);
        ArrayNode items = list.putArray("items");
        for (JsonNode item : object.path("items")) {
          items.add(item instanceof ObjectNode o ? toEventsV1(o) : item);
        }
        return list;
      }
      case "Table" -> {
        ObjectNode table = object.deepCopy();
        for (JsonNode row : table.path("rows")) {
          JsonNode rowObject = row.path("object");
          if (row instanceof ObjectNode r && rowObject.path("kind").asText("").equals("Event")) {
            r.set("object", outbound(rowObject));
          }
        }
        return table;
      }
      default -> {
        return object;
      }
    }
  }

  private static ObjectNode rename(ObjectNode in, Map<String, String> names) {
    ObjectNode out = in.objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = in.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      out.set(names.getOrDefault(field.getKey(), field.getKey()), field.getValue().deepCopy());
    }
    return out;
  }

  private static ObjectNode reorderTypeMeta(ObjectNode in) {
    ObjectNode out = in.objectNode();
    out.set("kind", in.get("kind"));
    out.set("apiVersion", in.get("apiVersion"));
    in.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("kind") && !f.getKey().equals("apiVersion")) {
        out.set(f.getKey(), f.getValue());
      }
    });
    return out;
  }

  private static Map<String, String> invert(Map<String, String> map) {
    Map<String, String> inverse = new HashMap<>();
    map.forEach((k, v) -> inverse.put(v, k));
    return Map.copyOf(inverse);
  }
}
