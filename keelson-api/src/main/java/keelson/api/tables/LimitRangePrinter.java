package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints limitranges: Name, Created At (the creation time itself, not an age, as upstream prints it). */
final class LimitRangePrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Created At", "When the object was created (UTC)."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode range, Instant now) {
    return List.of(Json.name(range), Json.text(range, "metadata", "creationTimestamp"));
  }
}
