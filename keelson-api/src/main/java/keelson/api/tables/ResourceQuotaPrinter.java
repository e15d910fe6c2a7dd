package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Prints resourcequotas: Name, Age, Request, Limit. Request and Limit list {@code resource: used/hard}
 * from the status, sorted by resource name; resources named {@code limits.*} go to Limit.
 */
final class ResourceQuotaPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(), Columns.age(),
      Columns.text("Request", "Used and hard amounts of the requested resources."),
      Columns.text("Limit", "Used and hard amounts of the resource limits."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode quota, Instant now) {
    JsonNode hard = Json.at(quota, "status", "hard");
    JsonNode used = Json.at(quota, "status", "used");
    List<String> resources = new ArrayList<>();
    hard.fieldNames().forEachRemaining(resources::add);
    resources.sort(null);
    StringJoiner request = new StringJoiner(", ");
    StringJoiner limit = new StringJoiner(", ");
    for (String resource : resources) {
      String usedAmount = used.path(resource).isValueNode() ? used.path(resource).asText() : "0";
      String entry = resource + ": " + usedAmount + "/" + hard.path(resource).asText();
      (resource.startsWith("limits.") ? limit : request).add(entry);
    }
    return List.of(Json.name(quota), Json.age(quota, now), request.toString(), limit.toString());
  }
}
