package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The wide Containers and Images cells: a pod template's container names and images, comma-joined. */
record ContainerCells(String names, String images) {

  /** Returns the cells for a pod template ({@code spec.template} of a workload). */
  static ContainerCells of(JsonNode template) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonNode container : Json.at(template, "spec", "containers")) {
      names.add(Json.text(container, "name"));
      images.add(Json.text(container, "image"));
    }
    return new ContainerCells(String.join(",", names), String.join(",", images));
  }
}
