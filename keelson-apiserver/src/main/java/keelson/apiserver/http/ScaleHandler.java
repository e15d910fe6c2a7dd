package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.ResourceType;
import keelson.api.selectors.LabelSelector;
import keelson.api.validation.FieldError;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.Metadata;
import keelson.apiserver.rest.ResourcePath;

/**
 * The {@code scale} subresource: an autoscaling/v1 Scale view of a workload's replicas. Writes go
 * to the workload's {@code spec.replicas} (bumping its generation) with the Scale's
 * resourceVersion as the precondition.
 */
final class ScaleHandler {
  private static final ResourceType SCALE = new ResourceType("autoscaling", "v1", "Scale", "scales",
      "scale", true, List.of(), List.of(), java.util.Set.of(), "", Object.class);

  private final ServerContext context;

  ScaleHandler(ServerContext context) {
    this.context = context;
  }

  void get(HttpExchange exchange, ResourcePath path) {
    ObjectNode object = context.registry().get(path.type(), path.namespace(), path.name());
    exchange.sendJson(200, scaleOf(object));
  }

  void update(HttpExchange exchange, ResourcePath path) {
    ObjectNode scale = Bodies.object(exchange);
    write(exchange, path, current -> scale);
  }

  void patch(HttpExchange exchange, ResourcePath path) {
    PatchFormat format = PatchFormat.of(exchange.contentType());
    JsonNode patch = Bodies.parse(format == PatchFormat.APPLY ? "application/yaml" : "application/json",
        exchange.body());
    write(exchange, path, current -> Patches.apply(format == PatchFormat.STRATEGIC ? PatchFormat.MERGE : format,
        path.type(), current, patch));
  }

  private void write(HttpExchange exchange, ResourcePath path, java.util.function.UnaryOperator<ObjectNode> toScale) {
    ObjectNode updated = context.registry().update(path.type(), path.namespace(), path.name(), null,
        current -> {
          ObjectNode desiredScale = toScale.apply(scaleOf(current));
          // The Scale's own resourceVersion, if the client set one, is the precondition.
          String wanted = Metadata.resourceVersion(desiredScale);
          if (wanted != null && !wanted.isEmpty()) {
            Json.metadata(current).put("resourceVersion", wanted);
          }
          JsonNode replicas = desiredScale.path("spec").get("replicas");
          long value = replicas == null || replicas.isNull() ? 0 : replicas.asLong();
          if (replicas != null && !replicas.isNull() && !replicas.canConvertToInt()) {
            throw ApiException.badRequest("spec.replicas: must be an integer");
          }
          if (value < 0) {
            throw ApiException.invalid(SCALE, path.name(), List.of(new FieldError(FieldError.Type.INVALID,
                "spec.replicas", Long.toString(value), "must be greater than or equal to 0")));
          }
          Json.child(current, "spec").put("replicas", (int) value);
          return current;
        },
        WriteHandler.options(exchange).through("scale"), false);
    exchange.sendJson(200, scaleOf(updated));
  }

  /** Builds the Scale view of a workload. */
  static ObjectNode scaleOf(ObjectNode object) {
    ObjectNode scale = Json.object().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    JsonNode meta = object.path("metadata");
    ObjectNode scaleMeta = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (meta.has(field)) {
        scaleMeta.set(field, meta.get(field));
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(0));
    ObjectNode status = scale.putObject("status").put("replicas", object.path("status").path("replicas").asInt(0));
    JsonNode selector = object.path("spec").get("selector");
    if (selector != null && !selector.isNull()) {
      status.put("selector", LabelSelector.fromJson(selector).toQueryString());
    }
    return scale;
  }
}
