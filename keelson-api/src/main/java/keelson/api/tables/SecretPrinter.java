package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints secrets: Name, Type, Data (number of keys), Age. */
final class SecretPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Type", "What kind of secret this is, for example Opaque."),
      Columns.text("Data", "How many keys the secret holds."), Columns.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode secret, Instant now) {
    return List.of(Json.name(secret), Json.text(secret, "type"), (long) Json.size(secret, "data"),
        Json.age(secret, now));
  }
}
