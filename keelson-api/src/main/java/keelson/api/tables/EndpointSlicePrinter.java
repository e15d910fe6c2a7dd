package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints endpointslices: Name, AddressType, Ports, Endpoints, Age. Ports and Endpoints list up to
 * three entries then {@code  + N more...}, or {@code <unset>} when empty; endpoints count whether
 * ready or not.
 */
final class EndpointSlicePrinter implements TablePrinter {
  private static final int SHOWN = 3;
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("AddressType", "The address family of the endpoints: IPv4, IPv6 or FQDN."),
      Columns.text("Ports", "The port numbers (or names) the endpoints serve."),
      Columns.text("Endpoints", "The endpoints' addresses, ready or not."), Columns.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode slice, Instant now) {
    List<String> ports = new ArrayList<>();
    for (JsonNode port : slice.path("ports")) {
      if (Json.present(port, "port")) {
        ports.add(Long.toString(Json.integer(port, "port")));
      } else if (Json.present(port, "name")) {
        ports.add(Json.text(port, "name"));
      } else {
        ports.add("*");
      }
    }
    List<String> addresses = new ArrayList<>();
    for (JsonNode endpoint : slice.path("endpoints")) {
      for (JsonNode address : endpoint.path("addresses")) {
        addresses.add(address.asText());
      }
    }
    return List.of(Json.name(slice), Json.text(slice, "addressType"), firstThree(ports), firstThree(addresses),
        Json.age(slice, now));
  }

  private static String firstThree(List<String> items) {
    if (items.size() > SHOWN) {
      return String.join(",", items.subList(0, SHOWN)) + " + " + (items.size() - SHOWN) + " more...";
    }
    return items.isEmpty() ? "<unset>" : String.join(",", items);
  }
}
