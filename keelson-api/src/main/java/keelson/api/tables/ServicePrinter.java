package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Prints services: Name, Type, Cluster-IP, External-IP, Port(s), Age | Selector. */
final class ServicePrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Type", "How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
      Columns.text("Cluster-IP", "The virtual IP inside the cluster; None for a headless service."),
      Columns.text("External-IP", "Addresses reaching the service from outside the cluster."),
      Columns.text("Port(s)", "The service ports, with node ports where allocated."),
      Columns.age(),
      Columns.wide("Selector", "The labels of the pods that back the service."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode service, Instant now) {
    JsonNode spec = Json.at(service, "spec");
    return List.of(Json.name(service), Json.text(spec, "type"), clusterIp(spec), externalIp(service),
        ports(spec), Json.age(service, now), LabelSets.format(spec.path("selector")));
  }

  private static String clusterIp(JsonNode spec) {
    String first = Json.text(spec.path("clusterIPs").path(0));
    if (!first.isEmpty()) {
      return first;
    }
    // Objects written before clusterIPs existed carry only the singular field.
    String single = Json.text(spec, "clusterIP");
    return single.isEmpty() ? "<none>" : single;
  }

  private static String externalIp(JsonNode service) {
    JsonNode spec = Json.at(service, "spec");
    List<String> externalIps = new ArrayList<>();
    for (JsonNode ip : spec.path("externalIPs")) {
      externalIps.add(ip.asText());
    }
    switch (Json.text(spec, "type")) {
      case "ClusterIP", "NodePort" -> {
        return externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
      }
      case "LoadBalancer" -> {
        TreeSet<String> ingress = new TreeSet<>();
        for (JsonNode entry : Json.at(service, "status", "loadBalancer", "ingress")) {
          String ip = Json.text(entry, "ip");
          String hostname = Json.text(entry, "hostname");
          if (!ip.isEmpty()) {
            ingress.add(ip);
          } else if (!hostname.isEmpty()) {
            ingress.add(hostname);
          }
        }
        List<String> all = new ArrayList<>(ingress);
        all.addAll(externalIps);
        return all.isEmpty() ? "<pending>" : String.join(",", all);
      }
      case "ExternalName" -> {
        return Json.text(spec, "externalName");
      }
      default -> {
        return "<unknown>";
      }
    }
  }

  private static String ports(JsonNode spec) {
    List<String> pieces = new ArrayList<>();
    for (JsonNode port : spec.path("ports")) {
      long nodePort = Json.integer(port, "nodePort");
      String protocol = Json.text(port, "protocol");
      long number = Json.integer(port, "port");
      pieces.add(nodePort > 0 ? number + ":" + nodePort + "/" + protocol : number + "/" + protocol);
    }
    return pieces.isEmpty() ? "<none>" : String.join(",", pieces);
  }
}
