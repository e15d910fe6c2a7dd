package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * Prints nodes: Name, Status, Roles, Age, Version | Internal-IP, External-IP, OS-Image,
 * Kernel-Version, Container-Runtime.
 */
final class NodePrinter implements TablePrinter {
  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Status", "Ready, NotReady or Unknown, plus SchedulingDisabled when cordoned."),
      Columns.text("Roles", "The roles named by the node's node-role labels."),
      Columns.age(),
      Columns.text("Version", "The kubelet version the node reports."),
      Columns.wide("Internal-IP", "The node's first internal address."),
      Columns.wide("External-IP", "The node's first external address."),
      Columns.wide("OS-Image", "The operating system image the node reports."),
      Columns.wide("Kernel-Version", "The kernel version the node reports."),
      Columns.wide("Container-Runtime", "The container runtime and version the node reports."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode node, Instant now) {
    JsonNode info = Json.at(node, "status", "nodeInfo");
    return List.of(Json.name(node), status(node), roles(node), Json.age(node, now),
        Json.text(info, "kubeletVersion"), address(node, "InternalIP"), address(node, "ExternalIP"),
        unknownIfEmpty(Json.text(info, "osImage")), unknownIfEmpty(Json.text(info, "kernelVersion")),
        unknownIfEmpty(Json.text(info, "containerRuntimeVersion")));
  }

  private static String status(JsonNode node) {
    String status = "Unknown";
    // The last Ready condition wins, as upstream indexes conditions by type.
    for (JsonNode condition : Json.at(node, "status", "conditions")) {
      if (Json.text(condition, "type").equals("Ready")) {
        status = Json.text(condition, "status").equals("True") ? "Ready" : "NotReady";
      }
    }
    return Json.bool(node, "spec", "unschedulable") ? status + ",SchedulingDisabled" : status;
  }

  private static String roles(JsonNode node) {
    TreeSet<String> roles = new TreeSet<>();
    Json.at(node, "metadata", "labels").fields().forEachRemaining(label -> {
      String key = label.getKey();
      if (key.startsWith(ROLE_PREFIX) && key.length() > ROLE_PREFIX.length()) {
        roles.add(key.substring(ROLE_PREFIX.length()));
      } else if (key.equals("kubernetes.io/role") && !label.getValue().asText().isEmpty()) {
        roles.add(label.getValue().asText());
      }
    });
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode address : Json.at(node, "status", "addresses")) {
      if (Json.text(address, "type").equals(type)) {
        return Json.text(address, "address");
      }
    }
    return "<none>";
  }

  private static String unknownIfEmpty(String value) {
    return value.isEmpty() ? "<unknown>" : value;
  }
}
