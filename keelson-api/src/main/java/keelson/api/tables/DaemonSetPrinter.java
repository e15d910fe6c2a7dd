package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Prints daemonsets: Name, Desired, Current, Ready, Up-to-date, Available, Node Selector, Age |
 * Containers, Images, Selector.
 */
final class DaemonSetPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.integer("Desired", "Nodes that should run the daemon pod."),
      Columns.integer("Current", "Nodes running at least one daemon pod."),
      Columns.integer("Ready", "Nodes whose daemon pod is ready."),
      Columns.integer("Up-to-date", "Nodes running the current pod template."),
      Columns.integer("Available", "Nodes whose daemon pod has been ready for minReadySeconds."),
      Columns.text("Node Selector", "The pod template's node selector."),
      Columns.age(), Columns.containers(), Columns.images(), Columns.selector());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode set, Instant now) {
    JsonNode status = Json.at(set, "status");
    ContainerCells containers = ContainerCells.of(Json.at(set, "spec", "template"));
    return List.of(Json.name(set), Json.integer(status, "desiredNumberScheduled"),
        Json.integer(status, "currentNumberScheduled"), Json.integer(status, "numberReady"),
        Json.integer(status, "updatedNumberScheduled"), Json.integer(status, "numberAvailable"),
        LabelSets.format(Json.at(set, "spec", "template", "spec", "nodeSelector")), Json.age(set, now),
        containers.names(), containers.images(), LabelSets.formatSelector(Json.at(set, "spec", "selector")));
  }
}
