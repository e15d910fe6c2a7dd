package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints replicasets: Name, Desired, Current, Ready, Age | Containers, Images, Selector. */
final class ReplicaSetPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.integer("Desired", "The number of pods wanted."),
      Columns.integer("Current", "The number of pods that exist."),
      Columns.integer("Ready", "The number of ready pods."),
      Columns.age(), Columns.containers(), Columns.images(), Columns.selector());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode set, Instant now) {
    ContainerCells containers = ContainerCells.of(Json.at(set, "spec", "template"));
    return List.of(Json.name(set), Json.integer(set, "spec", "replicas"), Json.integer(set, "status", "replicas"),
        Json.integer(set, "status", "readyReplicas"), Json.age(set, now), containers.names(), containers.images(),
        LabelSets.formatSelector(Json.at(set, "spec", "selector")));
  }
}
