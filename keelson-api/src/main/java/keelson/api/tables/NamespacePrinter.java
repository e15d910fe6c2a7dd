package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints namespaces: Name, Status (Active or Terminating), Age. */
final class NamespacePrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Status", "The namespace's phase: Active or Terminating."), Columns.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode namespace, Instant now) {
    return List.of(Json.name(namespace), Json.text(namespace, "status", "phase"), Json.age(namespace, now));
  }
}
