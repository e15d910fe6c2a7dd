package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints configmaps: Name, Data (number of text and binary keys), Age. */
final class ConfigMapPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Data", "How many keys the configmap holds."), Columns.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode configMap, Instant now) {
    // Upstream declares the column a string yet sends the count as a JSON number; so do we.
    long keys = Json.size(configMap, "data") + Json.size(configMap, "binaryData");
    return List.of(Json.name(configMap), keys, Json.age(configMap, now));
  }
}
