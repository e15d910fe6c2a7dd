package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints one kind's objects as table rows. */
public interface TablePrinter {

  /** Returns the column definitions, in order. */
  List<Column> columns();

  /** Returns one row's cells (Strings, or Longs for integer columns) for {@code obj} at {@code now}. */
  List<Object> cells(JsonNode obj, Instant now);
}
