package keelson.apiserver.http;

import keelson.api.conversion.EventConversion;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.ResourcePath;

/** Dispatches a resource request to the handler of its verb and subresource. */
final class ResourceHandler {
  private final ServerContext context;
  private final ListHandler lists;
  private final WatchHandler watches;
  private final WriteHandler writes;
  private final ScaleHandler scales;
  private final BindingHandler bindings;
  private final EvictionHandler evictions;

  ResourceHandler(ServerContext context) {
    this.context = context;
    this.lists = new ListHandler(context);
    this.watches = new WatchHandler(context);
    this.writes = new WriteHandler(context);
    this.scales = new ScaleHandler(context);
    this.bindings = new BindingHandler(context);
    this.evictions = new EvictionHandler(context);
  }

  void handle(HttpExchange exchange, ResourcePath requested) throws InterruptedException {
    if (requested.type() != BuiltinResources.EVENTS_V1) {
      serve(exchange, requested);
      return;
    }
    exchange.useView(EventConversion::toCore, EventConversion::outbound);
    try {
      serve(exchange, new ResourcePath(BuiltinResources.EVENTS, requested.namespace(), requested.name(),
          requested.subresource()));
    } catch (ApiException e) {
      throw renamed(e, BuiltinResources.EVENTS, BuiltinResources.EVENTS_V1);
    }
  }

  /**
   * Names the requested resource in a NotFound or AlreadyExists answer of a view, as kube-apiserver
   * does ({@code events.events.k8s.io "x" not found}).
   */
  private static ApiException renamed(ApiException e, ResourceType stored, ResourceType requested) {
    String prefix = stored.qualifiedResource() + " \"";
    String message = e.getMessage();
    if (message == null || !message.startsWith(prefix)) {
      return e;
    }
    String name = message.substring(prefix.length(), message.indexOf('"', prefix.length()));
    return switch (String.valueOf(e.reason())) {
      case "NotFound" -> ApiException.notFound(requested, name);
      case "AlreadyExists" -> ApiException.alreadyExists(requested, name);
      default -> e;
    };
  }

  private void serve(HttpExchange exchange, ResourcePath path) throws InterruptedException {
    String method = exchange.method();
    String sub = path.subresource();
    if (path.name() == null) {
      switch (method) {
        case "GET" -> {
          Representation representation = Representation.negotiate(exchange.header("Accept"));
          if (exchange.queryFlag("watch")) {
            watches.watch(exchange, path, representation);
          } else {
            lists.list(exchange, path, representation);
          }
        }
        case "POST" -> writes.create(exchange, path);
        case "DELETE" -> writes.deleteCollection(exchange, path);
        default -> throw ApiException.methodNotSupported(path.type(), method);
      }
      return;
    }
    if (sub == null || sub.equals("status")) {
      switch (method) {
        case "GET" -> {
          Representation representation = Representation.negotiate(exchange.header("Accept"));
          if (exchange.queryFlag("watch")) {
            watches.watch(exchange, path, representation);
          } else {
            get(exchange, path, representation);
          }
        }
        case "PUT" -> writes.update(exchange, path);
        case "PATCH" -> patch(exchange, path);
        case "DELETE" -> {
          if (sub != null) {
            throw ApiException.methodNotSupported(path.type(), method);
          }
          writes.delete(exchange, path);
        }
        default -> throw ApiException.methodNotSupported(path.type(), method);
      }
      return;
    }
    switch (sub) {
      case "scale" -> {
        switch (method) {
          case "GET" -> scales.get(exchange, path);
          case "PUT" -> scales.update(exchange, path);
          case "PATCH" -> {
            try {
              scales.patch(exchange, path);
            } catch (PatchFormat.UnsupportedPatch e) {
              throw e.toApiException();
            }
          }
          default -> throw ApiException.methodNotSupported(path.type(), method);
        }
      }
      case "binding" -> {
        if (!method.equals("POST")) {
          throw ApiException.methodNotSupported(path.type(), method);
        }
        bindings.bind(exchange, path);
      }
      case "eviction" -> {
        if (!method.equals("POST")) {
          throw ApiException.methodNotSupported(path.type(), method);
        }
        evictions.evict(exchange, path);
      }
      default -> throw ApiException.notFoundPath();
    }
  }

  private void patch(HttpExchange exchange, ResourcePath path) {
    try {
      writes.patch(exchange, path);
    } catch (PatchFormat.UnsupportedPatch e) {
      throw e.toApiException();
    }
  }

  private void get(HttpExchange exchange, ResourcePath path, Representation representation) {
    String resourceVersion = exchange.query("resourceVersion");
    var object = "0".equals(resourceVersion)
        ? cachedOrStored(path)
        : context.registry().get(path.type(), path.namespace(), path.name());
    switch (representation) {
      case TABLE -> exchange.sendJson(200, Representation.TABLE.contentType(), TableRenderer.table(path.type(), java.util.List.of(object),
          keelson.apiserver.rest.Metadata.resourceVersion(object), null, exchange.query("includeObject"), true,
          context.clock().instant()));
      case PARTIAL_METADATA -> exchange.sendJson(200, Representation.PARTIAL_METADATA.contentType(),
          TableRenderer.partialMetadata(object));
      case YAML -> exchange.send(200, Representation.YAML.contentType(),
          Yaml.fromJson(keelson.apiserver.rest.Json.bytes(exchange.outbound(object))));
      default -> exchange.sendJson(200, object);
    }
  }

  private com.fasterxml.jackson.databind.node.ObjectNode cachedOrStored(ResourcePath path) {
    var cached = context.cache().get(path.key());
    if (cached != null) {
      return cached.tree();
    }
    return context.registry().get(path.type(), path.namespace(), path.name());
  }
}
