package keelson.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.Admission;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.RegistryStore;

/**
 * The TaintNodesByCondition plugin: a new Node is tainted {@code node.kubernetes.io/not-ready:
 * NoSchedule} unless it already carries that key and effect, so that nothing is scheduled (and no
 * DaemonSet pod is created) on a node that registers NotReady before the node lifecycle controller
 * has looked at it. The lifecycle controller then keeps or removes the taint by the node's
 * conditions.
 */
public final class NewNodeTaint implements Admission {
  static final String NOT_READY = "node.kubernetes.io/not-ready";

  @Override
  public void admitCreate(ResourceType type, ObjectNode obj, RegistryStore registry) {
    if (type != BuiltinResources.NODES) {
      return;
    }
    ObjectNode spec = Json.child(obj, "spec");
    ArrayNode taints = spec.get("taints") instanceof ArrayNode list ? list : spec.putArray("taints");
    for (JsonNode taint : taints) {
      if (NOT_READY.equals(taint.path("key").asText()) && "NoSchedule".equals(taint.path("effect").asText())) {
        return;
      }
    }
    taints.addObject().put("key", NOT_READY).put("effect", "NoSchedule");
  }
}
