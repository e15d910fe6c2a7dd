package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Prints kinds without a printer of their own: Name and Created At (an RFC 3339 {@code date} cell). */
final class DefaultPrinter implements TablePrinter {
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      new Column("Created At", "date", "", "When the object was created.", 0));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode obj, Instant now) {
    Instant created = HumanDuration.parse(Json.at(obj, "metadata", "creationTimestamp"));
    // Go formats the zero time when the timestamp is missing.
    String createdAt = created == null ? "0001-01-01T00:00:00Z" : RFC3339.format(created.truncatedTo(ChronoUnit.SECONDS));
    return List.of(Json.name(obj), createdAt);
  }
}
