package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Prints pods: Name, Ready, Status, Restarts, Age | IP, Node, Nominated Node, Readiness Gates. */
final class PodPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.name(),
      Columns.text("Ready", "Ready containers out of all containers, sidecars included."),
      Columns.text("Status", "A one-word summary of the pod's state derived from its containers."),
      Columns.text("Restarts", "How often the containers restarted, and how long ago the last restart was."),
      Columns.age(),
      Columns.wide("IP", "The pod's first IP address."),
      Columns.wide("Node", "The node the pod is bound to."),
      Columns.wide("Nominated Node", "The node preemption made room on, while the pod waits for it."),
      Columns.wide("Readiness Gates", "Readiness gates whose condition is True, out of all gates."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode pod, Instant now) {
    PodStatusColumn derived = PodStatusColumn.of(pod, now);
    return List.of(Json.name(pod), derived.ready(), derived.status(), derived.restarts(), Json.age(pod, now),
        orNone(Json.text(Json.at(pod, "status", "podIPs").path(0), "ip")),
        orNone(Json.text(pod, "spec", "nodeName")),
        orNone(Json.text(pod, "status", "nominatedNodeName")),
        readinessGates(pod));
  }

  private static String readinessGates(JsonNode pod) {
    JsonNode gates = Json.at(pod, "spec", "readinessGates");
    if (gates.isEmpty()) {
      return "<none>";
    }
    int satisfied = 0;
    for (JsonNode gate : gates) {
      String type = Json.text(gate, "conditionType");
      for (JsonNode condition : Json.at(pod, "status", "conditions")) {
        if (Json.text(condition, "type").equals(type)) {
          if (Json.text(condition, "status").equals("True")) {
            satisfied++;
          }
          break;
        }
      }
    }
    return satisfied + "/" + gates.size();
  }

  static String orNone(String value) {
    return value.isEmpty() ? "<none>" : value;
  }
}
