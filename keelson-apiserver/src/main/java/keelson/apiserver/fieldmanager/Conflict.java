package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;

/** A field an apply would change that another manager owns. */
record Conflict(ManagerId manager, List<PathElement> path) {
  /**
   * Returns the 409 kube-apiserver answers: {@code Apply failed with 1 conflict: conflict with
   * "kubectl-client-side-apply" using apps/v1: .spec.replicas}, several conflicts grouped by manager.
   */
  static ApiException toException(List<Conflict> conflicts) {
    ArrayNode causes = Json.MAPPER.createArrayNode();
    for (Conflict conflict : conflicts) {
      causes.addObject()
          .put("reason", "FieldManagerConflict")
          .put("message", "conflict with " + conflict.manager.describe())
          .put("field", Paths.toString(conflict.path));
    }
    return ApiException.applyConflict(message(conflicts), causes);
  }

  static String message(List<Conflict> conflicts) {
    if (conflicts.size() == 1) {
      Conflict only = conflicts.getFirst();
      return "Apply failed with 1 conflict: conflict with " + only.manager.describe() + ": "
          + Paths.toString(only.path);
    }
    Map<ManagerId, List<String>> byManager = new LinkedHashMap<>();
    conflicts.forEach(c -> byManager.computeIfAbsent(c.manager, m -> new ArrayList<>()).add(Paths.toString(c.path)));
    List<String> lines = new ArrayList<>();
    byManager.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(ManagerId::key)))
        .forEach(e -> {
          lines.add("conflicts with " + e.getKey().describe() + ":");
          e.getValue().forEach(p -> lines.add("- " + p));
        });
    return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
  }
}
