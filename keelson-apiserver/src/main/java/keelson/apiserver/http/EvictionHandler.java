package keelson.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.apiserver.eviction.PodEviction;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.ResourcePath;

/**
 * The HTTP side of {@code pods/eviction}: a POST of a {@code policy/v1} (or {@code v1beta1})
 * Eviction, answered 201 with a Success Status as kube-apiserver answers it.
 */
final class EvictionHandler {
  private final PodEviction evictions;

  EvictionHandler(ServerContext context) {
    this.evictions = new PodEviction(context.registry(), context.clock());
  }

  void evict(HttpExchange exchange, ResourcePath path) {
    ObjectNode eviction = Bodies.object(exchange);
    String kind = Json.text(eviction, "kind");
    String apiVersion = Json.text(eviction, "apiVersion");
    if (kind != null && !kind.isEmpty() && !kind.equals("Eviction")) {
      throw ApiException.badRequest("the server could not process a " + kind + " at the pods/eviction endpoint");
    }
    if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals("policy/v1")
        && !apiVersion.equals("policy/v1beta1")) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion
          + ") does not match the expected API version (policy/v1)");
    }
    String namespace = eviction.path("metadata").path("namespace").asText("");
    if (!namespace.isEmpty() && !namespace.equals(path.namespace())) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    evictions.evict(path.namespace(), path.name(), eviction, WriteHandler.options(exchange).dryRun());
    ObjectNode status = Json.object().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success").put("code", 201);
    exchange.sendJson(201, status);
  }
}
