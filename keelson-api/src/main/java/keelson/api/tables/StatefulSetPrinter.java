package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints statefulsets: Name, Ready ({@code ready/replicas}), Age | Containers, Images. */
final class StatefulSetPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Ready", "Ready pods out of the desired replicas."), Columns.age(),
      Columns.containers(), Columns.images());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode set, Instant now) {
    ContainerCells containers = ContainerCells.of(Json.at(set, "spec", "template"));
    return List.of(Json.name(set),
        Json.integer(set, "status", "readyReplicas") + "/" + Json.integer(set, "spec", "replicas"),
        Json.age(set, now), containers.names(), containers.images());
  }
}
