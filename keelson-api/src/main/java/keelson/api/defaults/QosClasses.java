package keelson.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import keelson.api.validation.Quantities;

/** Computes a pod's QoS class (BestEffort, Burstable, Guaranteed) from its containers' resources. */
public final class QosClasses {
  private QosClasses() {}

  private static final Set<String> QOS_RESOURCES = Set.of("cpu", "memory");

  /** Returns the QoS class of a pod whose spec has been defaulted (requests filled from limits). */
  public static String of(JsonNode pod) {
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode ctr : pod.path("spec").path(list)) {
        sumPositive(ctr.path("resources").path("requests"), requests);
        Set<String> found = sumPositive(ctr.path("resources").path("limits"), limits);
        if (!found.containsAll(QOS_RESOURCES)) {
          guaranteed = false;
        }
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return "BestEffort";
    }
    if (guaranteed) {
      for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
        BigDecimal limit = limits.get(e.getKey());
        if (limit == null || limit.compareTo(e.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
  }

  private static Set<String> sumPositive(JsonNode resources, Map<String, BigDecimal> totals) {
    Set<String> found = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      BigDecimal value = Quantities.parse(e.getValue().asText());
      if (!QOS_RESOURCES.contains(e.getKey()) || value == null || value.signum() <= 0) {
        continue;
      }
      found.add(e.getKey());
      totals.merge(e.getKey(), value, BigDecimal::add);
    }
    return found;
  }
}
