package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Prints core/v1 events: Last Seen, Type, Reason, Object, Message | Subobject, Source, First Seen,
 * Count, Name. The wide columns sit between and after the narrow ones, in upstream's order: Last Seen,
 * Type, Reason, Object, Subobject, Source, Message, First Seen, Count, Name.
 */
final class EventPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.text("Last Seen", "How long ago the event last happened."),
      Columns.text("Type", "Normal or Warning."),
      Columns.text("Reason", "A short machine-readable cause."),
      Columns.text("Object", "The kind/name of the object the event is about."),
      Columns.wide("Subobject", "The part of the object concerned, for example a container."),
      Columns.wide("Source", "The component (and host) that reported the event."),
      Columns.text("Message", "The human-readable description."),
      Columns.wide("First Seen", "How long ago the event first happened."),
      Columns.wide("Count", "How many times the event happened."),
      new Column("Name", "string", "name", "The event object's name.", 1));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode event, Instant now) {
    String firstSeen = Json.present(event, "firstTimestamp")
        ? HumanDuration.since(event.path("firstTimestamp"), now)
        : HumanDuration.since(event.path("eventTime"), now);
    String lastSeen = Json.present(event, "lastTimestamp")
        ? HumanDuration.since(event.path("lastTimestamp"), now) : firstSeen;
    long count = Json.integer(event, "count");
    if (Json.at(event, "series").isObject()) {
      lastSeen = HumanDuration.since(Json.at(event, "series", "lastObservedTime"), now);
      count = Json.integer(event, "series", "count");
    } else if (count == 0) {
      // Events written through events.k8s.io carry no count; one occurrence is meant.
      count = 1;
    }
    JsonNode involved = event.path("involvedObject");
    String kind = Json.text(involved, "kind").toLowerCase(Locale.ROOT);
    String name = Json.text(involved, "name");
    String target = name.isEmpty() ? kind : kind + "/" + name;
    return List.of(lastSeen, Json.text(event, "type"), Json.text(event, "reason"), target,
        Json.text(involved, "fieldPath"), source(event), Json.text(event, "message").strip(), firstSeen, count,
        Json.name(event));
  }

  private static String source(JsonNode event) {
    String component = Json.text(event, "source", "component");
    if (component.isEmpty()) {
      component = Json.text(event, "reportingComponent");
    }
    String host = Json.text(event, "source", "host");
    if (host.isEmpty()) {
      host = Json.text(event, "reportingInstance");
    }
    return host.isEmpty() ? component : component + ", " + host;
  }
}
