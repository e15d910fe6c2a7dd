package keelson.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Service defaults: core/v1 SetDefaults_Service, the strategy's clusterIPs normalisation on create
 * and the single-stack IPv4 family defaults the service allocator applies. Allocating a ClusterIP
 * is left to the server.
 */
final class ServiceDefaults {
  private ServiceDefaults() {}

  static void apply(ObjectNode svc) {
    ObjectNode spec = Nodes.object(svc, "spec");
    Nodes.defaultText(spec, "sessionAffinity", "None");
    String affinity = spec.path("sessionAffinity").asText();
    if (affinity.equals("None")) {
      spec.remove("sessionAffinityConfig");
    } else if (affinity.equals("ClientIP")) {
      JsonNode timeout = spec.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds");
      if (timeout.isMissingNode() || timeout.isNull()) {
        Nodes.object(Nodes.object(spec, "sessionAffinityConfig"), "clientIP")
            .put("timeoutSeconds", 10800);
      }
    }
    Nodes.defaultText(spec, "type", "ClusterIP");
    String type = spec.path("type").asText();
    for (ObjectNode port : Nodes.objects(spec, "ports")) {
      Nodes.defaultText(port, "protocol", "TCP");
      JsonNode target = port.get("targetPort");
      if (target == null || target.isNull() || target.asText().isEmpty()
          || target.isNumber() && target.asLong() == 0) {
        if (port.has("port")) {
          port.set("targetPort", port.get("port"));
        }
      }
    }
    boolean externallyAccessible = type.equals("LoadBalancer") || type.equals("NodePort")
        || type.equals("ClusterIP") && spec.path("externalIPs").size() > 0;
    if (externallyAccessible) {
      Nodes.defaultText(spec, "externalTrafficPolicy", "Cluster");
    }
    if (Nodes.unset(spec, "internalTrafficPolicy")
        && (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP"))) {
      spec.put("internalTrafficPolicy", "Cluster");
    }
    if (type.equals("LoadBalancer") && Nodes.unset(spec, "allocateLoadBalancerNodePorts")) {
      spec.put("allocateLoadBalancerNodePorts", true);
    }
    if (!Nodes.blank(spec, "clusterIP") && spec.path("clusterIPs").size() == 0) {
      spec.putArray("clusterIPs").add(spec.get("clusterIP").asText());
    }
    if (!type.equals("ExternalName")) {
      ipFamilies(spec);
    }
  }

  private static void ipFamilies(ObjectNode spec) {
    boolean headless = "None".equals(spec.path("clusterIP").asText())
        || spec.path("clusterIPs").size() == 1 && "None".equals(spec.path("clusterIPs").get(0).asText());
    boolean selectorless = spec.path("selector").size() == 0;
    if (Nodes.unset(spec, "ipFamilyPolicy")) {
      // headless Services without a selector may front endpoints of both families
      spec.put("ipFamilyPolicy", headless && selectorless ? "RequireDualStack" : "SingleStack");
    }
    if (spec.path("ipFamilies").size() == 0) {
      JsonNode first = spec.path("clusterIPs").path(0);
      String family = first.isTextual() && first.asText().contains(":") ? "IPv6" : "IPv4";
      spec.putArray("ipFamilies").add(family);
    }
  }
}
