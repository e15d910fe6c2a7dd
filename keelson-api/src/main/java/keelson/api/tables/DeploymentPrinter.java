package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import keelson.api.selectors.LabelSelector;
import keelson.api.selectors.SelectorException;

/** Prints deployments: Name, Ready, Up-to-date, Available, Age | Containers, Images, Selector. */
final class DeploymentPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Ready", "Ready pods out of the desired replicas."),
      Columns.text("Up-to-date", "Pods running the current pod template."),
      Columns.text("Available", "Pods available to serve for at least minReadySeconds."),
      Columns.age(), Columns.containers(), Columns.images(), Columns.selector());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode deployment, Instant now) {
    ContainerCells containers = ContainerCells.of(Json.at(deployment, "spec", "template"));
    return List.of(Json.name(deployment),
        Json.integer(deployment, "status", "readyReplicas") + "/" + Json.integer(deployment, "spec", "replicas"),
        Json.integer(deployment, "status", "updatedReplicas"), Json.integer(deployment, "status", "availableReplicas"),
        Json.age(deployment, now), containers.names(), containers.images(), selector(deployment));
  }

  /** Unlike other workloads, upstream prints the bare selector here: "" when empty, not {@code <none>}. */
  private static String selector(JsonNode deployment) {
    try {
      return LabelSelector.fromJson(Json.at(deployment, "spec", "selector")).toQueryString();
    } catch (SelectorException invalid) {
      return "<invalid>";
    }
  }
}
