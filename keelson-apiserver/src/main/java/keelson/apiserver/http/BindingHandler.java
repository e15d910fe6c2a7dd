package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.ResourcePath;

/**
 * The {@code pods/binding} subresource: assigns a pending pod to a node, as the scheduler does. A
 * pod already bound to a node cannot be bound again.
 */
final class BindingHandler {
  private final ServerContext context;

  BindingHandler(ServerContext context) {
    this.context = context;
  }

  void bind(HttpExchange exchange, ResourcePath path) {
    ObjectNode binding = Bodies.object(exchange);
    String node = binding.path("target").path("name").asText("");
    if (node.isEmpty()) {
      throw ApiException.badRequest("Binding.meta.k8s.io \"" + path.name()
          + "\" is invalid: target.name: Required value");
    }
    context.registry().update(path.type(), path.namespace(), path.name(), "binding", current -> {
      String assigned = current.path("spec").path("nodeName").asText("");
      if (!assigned.isEmpty()) {
        throw ApiException.conflict(path.type(), path.name(),
            "pod " + path.name() + " is already assigned to node \"" + assigned + "\"");
      }
      if (current.path("metadata").hasNonNull("deletionTimestamp")) {
        throw ApiException.conflict(path.type(), path.name(), "pod " + path.name() + " is being deleted, cannot be assigned to a host");
      }
      Json.child(current, "spec").put("nodeName", node);
      markScheduled(current);
      JsonNode annotations = binding.path("metadata").path("annotations");
      if (annotations.isObject()) {
        ObjectNode target = Json.child(Json.metadata(current), "annotations");
        for (Map.Entry<String, JsonNode> entry : annotations.properties()) {
          target.set(entry.getKey(), entry.getValue());
        }
      }
      return current;
    }, WriteHandler.options(exchange), false);
    ObjectNode status = Json.object().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success").put("code", 201);
    exchange.sendJson(201, status);
  }

  /** Sets condition PodScheduled=True, as kube-apiserver's binding does in the same write. */
  private void markScheduled(ObjectNode pod) {
    ObjectNode status = Json.child(pod, "status");
    com.fasterxml.jackson.databind.node.ArrayNode conditions =
        status.get("conditions") instanceof com.fasterxml.jackson.databind.node.ArrayNode list
            ? list : status.putArray("conditions");
    for (int i = 0; i < conditions.size(); i++) {
      if ("PodScheduled".equals(conditions.get(i).path("type").asText())) {
        conditions.remove(i);
        break;
      }
    }
    conditions.addObject()
        .put("type", "PodScheduled")
        .put("status", "True")
        .putNull("lastProbeTime")
        .put("lastTransitionTime", keelson.apiserver.rest.Metadata.timestamp(context.clock().instant()));
  }
}
