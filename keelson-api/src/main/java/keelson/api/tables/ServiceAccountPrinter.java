package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints serviceaccounts: Name, Secrets (number of listed secrets), Age. */
final class ServiceAccountPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Secrets", "How many secrets the service account lists."), Columns.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode account, Instant now) {
    return List.of(Json.name(account), (long) Json.size(account, "secrets"), Json.age(account, now));
  }
}
