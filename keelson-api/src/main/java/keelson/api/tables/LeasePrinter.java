package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints leases: Name, Holder, Age. */
final class LeasePrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Holder", "Who holds the lease now."), Columns.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode lease, Instant now) {
    return List.of(Json.name(lease), Json.text(lease, "spec", "holderIdentity"), Json.age(lease, now));
  }
}
