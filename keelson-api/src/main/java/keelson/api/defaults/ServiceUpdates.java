package keelson.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Service strategy's update preparation: carry over allocated values a client left out
 * (clusterIP, clusterIPs, node ports, IP families) and keep clusterIP and clusterIPs in step
 * (NormalizeClusterIPs), so a changed clusterIP is then rejected by validation.
 */
final class ServiceUpdates {
  private ServiceUpdates() {}

  static void prepare(ObjectNode spec, JsonNode oldSpec) {
    boolean needsClusterIP = !"ExternalName".equals(spec.path("type").asText())
        && !"ExternalName".equals(oldSpec.path("type").asText());
    if (needsClusterIP) {
      if (Nodes.blank(spec, "clusterIP") && !oldSpec.path("clusterIP").asText("").isEmpty()) {
        spec.set("clusterIP", oldSpec.get("clusterIP"));
      }
      if (spec.path("clusterIPs").size() == 0 && oldSpec.path("clusterIPs").size() > 0) {
        spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
      }
      if (spec.path("ipFamilies").size() == 0 && oldSpec.path("ipFamilies").size() > 0) {
        spec.set("ipFamilies", oldSpec.get("ipFamilies").deepCopy());
      }
      if (Nodes.unset(spec, "ipFamilyPolicy") && oldSpec.has("ipFamilyPolicy")) {
        spec.set("ipFamilyPolicy", oldSpec.get("ipFamilyPolicy"));
      }
    }
    nodePorts(spec, oldSpec);
    normalizeClusterIPs(spec, oldSpec);
  }

  private static void nodePorts(ObjectNode spec, JsonNode oldSpec) {
    String type = spec.path("type").asText();
    String oldType = oldSpec.path("type").asText();
    boolean needs = type.equals("NodePort") || type.equals("LoadBalancer");
    boolean oldNeeds = oldType.equals("NodePort") || oldType.equals("LoadBalancer");
    if (!needs || !oldNeeds) {
      return;
    }
    for (ObjectNode port : Nodes.objects(spec, "ports")) {
      if (port.path("nodePort").asLong(0) != 0) {
        continue;
      }
      for (JsonNode oldPort : oldSpec.path("ports")) {
        if (oldPort.path("port").asLong() == port.path("port").asLong()
            && oldPort.path("protocol").asText().equals(port.path("protocol").asText())
            && oldPort.path("nodePort").asLong(0) != 0) {
          port.set("nodePort", oldPort.get("nodePort"));
          break;
        }
      }
    }
  }

  private static void normalizeClusterIPs(ObjectNode spec, JsonNode oldSpec) {
    String clusterIP = spec.path("clusterIP").asText("");
    String oldClusterIP = oldSpec.path("clusterIP").asText("");
    if (oldSpec.path("clusterIPs").size() > 0 && spec.path("clusterIPs").size() == 0
        && oldClusterIP.equals(clusterIP)) {
      spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
    }
    if (!oldClusterIP.equals(clusterIP)) {
      boolean sameIPs = Preparation.same(spec.get("clusterIPs"), oldSpec.get("clusterIPs"));
      if (!oldClusterIP.isEmpty() && clusterIP.isEmpty() && sameIPs) {
        spec.remove("clusterIPs");
      }
      if (!clusterIP.isEmpty() && sameIPs) {
        spec.putArray("clusterIPs").add(clusterIP);
      }
    }
  }
}
