package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Prints one kind's objects as table rows.
 *
 * <p>Rows always carry every column, wide ones included, because kube-apiserver generates tables in
 * wide mode and kubectl drops priority-1 columns itself.
 */
public interface TablePrinter {

  /** Returns the column definitions, in order. */
  List<Column> columns();

  /**
   * Returns one row's cells for {@code obj} at {@code now}, one per column: Strings, Longs where
   * upstream sends JSON numbers (integer columns, and the counts of configmaps, secrets, service
   * accounts, events and controller revisions), and a Boolean for StorageClass AllowVolumeExpansion.
   */
  List<Object> cells(JsonNode obj, Instant now);
}
