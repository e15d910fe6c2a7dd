package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints endpoints: Name, Endpoints, Age. The Endpoints cell lists up to three ready {@code ip:port}
 * pairs then {@code  + N more...}; {@code <none>} without subsets; empty when only not-ready
 * addresses exist.
 */
final class EndpointsPrinter implements TablePrinter {
  private static final int SHOWN = 3;
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Endpoints", "Ready addresses and ports of the service's backends."), Columns.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode endpoints, Instant now) {
    return List.of(Json.name(endpoints), format(endpoints.path("subsets")), Json.age(endpoints, now));
  }

  static String format(JsonNode subsets) {
    if (subsets.isEmpty()) {
      return "<none>";
    }
    List<String> shown = new ArrayList<>();
    int total = 0;
    boolean more = false;
    for (JsonNode subset : subsets) {
      JsonNode addresses = subset.path("addresses");
      JsonNode ports = subset.path("ports");
      if (ports.isEmpty()) {
        // A headless service without ports lists bare addresses.
        total += addresses.size();
        for (JsonNode address : addresses) {
          if (shown.size() == SHOWN) {
            more = true;
            break;
          }
          shown.add(Json.text(address, "ip"));
        }
        continue;
      }
      for (JsonNode port : ports) {
        total += addresses.size();
        for (JsonNode address : addresses) {
          if (shown.size() == SHOWN) {
            more = true;
            break;
          }
          shown.add(hostPort(Json.text(address, "ip"), Json.integer(port, "port")));
        }
      }
    }
    String joined = String.join(",", shown);
    return more ? joined + " + " + (total - SHOWN) + " more..." : joined;
  }

  /** Joins host and port, bracketing IPv6 addresses as Go's net.JoinHostPort does. */
  static String hostPort(String host, long port) {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
