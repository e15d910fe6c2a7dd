package keelson.apiserver.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import keelson.apiserver.discovery.Discovery;
import keelson.apiserver.discovery.Version;
import keelson.apiserver.openapi.OpenApiV2;
import keelson.apiserver.openapi.OpenApiV3;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.ResourcePath;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler: authenticates, then routes the URL space. Every failure becomes a Status; an
 * unexpected one is logged once and reported as a 500 without its stack trace.
 */
final class ApiHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

  /** How long a resource request waits for storage while the server is still starting. */
  private static final long START_WAIT_SECONDS = 60;

  private final Discovery discovery;
  private final OpenApiV3 openApi;
  private final OpenApiV2 openApiV2;
  private final CompletableFuture<ResourceHandler> resources = new CompletableFuture<>();
  private final byte[] version;
  private final byte[] bearerToken;
  private final boolean tokenRequired;
  private volatile BooleanSupplier healthy = () -> false;

  ApiHandler(Discovery discovery, OpenApiV3 openApi, String keelsonVersion, String bearerToken,
      boolean tokenRequired) {
    super(InvocationType.BLOCKING);
    this.discovery = discovery;
    this.openApi = openApi;
    this.openApiV2 = new OpenApiV2(openApi, Version.GIT_VERSION);
    this.version = Version.document(keelsonVersion);
    this.bearerToken = bearerToken == null ? null : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
    this.tokenRequired = tokenRequired && bearerToken != null;
  }

  /** Starts serving resources; requests that arrived during start-up proceed. */
  void serve(ServerContext context, BooleanSupplier healthy) {
    this.healthy = healthy;
    resources.complete(new ResourceHandler(context));
  }

  private boolean ready() {
    return resources.isDone() && healthy.getAsBoolean();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    serve(new HttpExchange(new JettyWire(request, response, callback)));
    return true;
  }

  /**
   * Serves one exchange over any transport, on the calling thread, and completes it unless it was
   * upgraded to a WebSocket.
   */
  void serve(HttpExchange exchange) {
    try {
      route(exchange);
    } catch (ApiException e) {
      fail(exchange, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(exchange, ApiException.internal("the server is shutting down"));
    } catch (java.io.UncheckedIOException e) {
      // The client went away mid-response; nothing left to tell it.
    } catch (RuntimeException e) {
      log.atError().addKeyValue("method", exchange.method()).addKeyValue("path", exchange.path())
          .addKeyValue("error", e.toString()).log("request failed unexpectedly");
      fail(exchange, ApiException.internal("an error on the server (\"" + e.getClass().getSimpleName()
          + "\") has prevented the request from succeeding"));
    }
    exchange.complete();
  }

  private void fail(HttpExchange exchange, ApiException e) {
    if (!exchange.committed()) {
      exchange.sendJson(e.code(), e.toStatus());
    }
  }

  private void route(HttpExchange exchange) throws InterruptedException {
    String path = exchange.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    switch (path) {
      case "/version" -> {
        exchange.send(200, "application/json", version);
        return;
      }
      case "/healthz", "/livez" -> {
        exchange.sendText(200, "ok");
        return;
      }
      case "/readyz" -> {
        if (ready()) {
          exchange.sendText(200, exchange.query("verbose") != null ? "[+]ping ok\n[+]etcd ok\n[+]informer-sync ok\nreadyz check passed\n" : "ok");
        } else {
          exchange.sendText(500, "[-]informer-sync failed: reason withheld\nreadyz check failed\n");
        }
        return;
      }
      default -> { }
    }
    if (path.startsWith("/healthz/") || path.startsWith("/livez/") || path.startsWith("/readyz/")) {
      exchange.sendText(200, "ok");
      return;
    }
    authenticate(exchange);
    String[] segments = path.substring(1).split("/");
    switch (segments[0]) {
      case "api" -> core(exchange, segments);
      case "apis" -> groups(exchange, segments);
      case "openapi" -> openApi(exchange, segments);
      default -> throw ApiException.notFoundPath();
    }
  }

  /**
   * Refuses a request that presents credentials other than the admin token. On the plain-HTTP
   * listener a request without credentials is admitted: client-go (kubectl) never sends a bearer
   * token over plain HTTP, so there the network (loopback by default) is the boundary. Over TLS
   * clients do send it, so it is required, as kube-apiserver without anonymous access requires it;
   * health and version, answered before this check, stay anonymous as kube allows them.
   */
  private void authenticate(HttpExchange exchange) {
    String header = exchange.header("Authorization");
    if (bearerToken == null) {
      return;
    }
    if (header == null) {
      if (tokenRequired) {
        throw ApiException.unauthorized();
      }
      return;
    }
    if (!MessageDigest.isEqual(bearerToken, header.getBytes(StandardCharsets.UTF_8))) {
      throw ApiException.unauthorized();
    }
  }

  private void core(HttpExchange exchange, String[] segments) throws InterruptedException {
    if (segments.length == 1) {
      sendDiscovery(exchange, discovery.coreVersions(), discovery.aggregatedCore());
      return;
    }
    if (!segments[1].equals("v1")) {
      throw ApiException.notFoundPath();
    }
    if (segments.length == 2) {
      exchange.send(200, "application/json", discovery.resourceList("v1").orElseThrow());
      return;
    }
    resource(exchange, "", "v1", segments, 2);
  }

  private void groups(HttpExchange exchange, String[] segments) throws InterruptedException {
    if (segments.length == 1) {
      sendDiscovery(exchange, discovery.groups(), discovery.aggregatedGroups());
      return;
    }
    if (segments.length == 2) {
      exchange.send(200, "application/json", discovery.group(segments[1]).orElseThrow(ApiException::notFoundPath));
      return;
    }
    String gv = segments[1] + "/" + segments[2];
    if (segments.length == 3) {
      exchange.send(200, "application/json", discovery.resourceList(gv).orElseThrow(ApiException::notFoundPath));
      return;
    }
    resource(exchange, segments[1], segments[2], segments, 3);
  }

  private void resource(HttpExchange exchange, String group, String version, String[] segments, int from)
      throws InterruptedException {
    String[] rest = java.util.Arrays.copyOfRange(segments, from, segments.length);
    Optional<ResourcePath> parsed = ResourcePath.parse(group, version, rest);
    if (parsed.isEmpty()) {
      throw ApiException.notFoundPath();
    }
    ResourceHandler handler;
    try {
      handler = resources.get(START_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw ApiException.serviceUnavailable("the server is still starting");
    }
    handler.handle(exchange, parsed.get());
  }

  private void openApi(HttpExchange exchange, String[] segments) {
    if (segments.length == 2 && segments[1].equals("v2")) {
      // client-go asks for the protobuf form only; other clients (and browsers) get JSON.
      String accept = exchange.header("Accept");
      if (accept != null && (accept.contains(OpenApiV2.PROTOBUF_ACCEPT) || accept.contains(OpenApiV2.PROTOBUF_CONTENT_TYPE))) {
        exchange.send(200, OpenApiV2.PROTOBUF_CONTENT_TYPE, openApiV2.protobuf());
      } else {
        exchange.send(200, "application/json", openApiV2.json());
      }
      return;
    }
    if (segments.length >= 2 && segments[1].equals("v3")) {
      if (segments.length == 2) {
        exchange.send(200, "application/json", openApi.root());
        return;
      }
      String gvPath = String.join("/", java.util.Arrays.copyOfRange(segments, 2, segments.length));
      exchange.send(200, "application/json", openApi.document(gvPath).orElseThrow(ApiException::notFoundPath));
      return;
    }
    throw ApiException.notFoundPath();
  }

  private static void sendDiscovery(HttpExchange exchange, byte[] legacy, byte[] aggregated) {
    String accept = exchange.header("Accept");
    if (accept != null && accept.contains("as=APIGroupDiscoveryList") && accept.contains("v=v2")
        && prefersAggregated(accept)) {
      exchange.send(200, Discovery.AGGREGATED_TYPE, aggregated);
    } else {
      exchange.send(200, "application/json", legacy);
    }
  }

  /** Returns whether the first acceptable entry of the header is the aggregated v2 form. */
  private static boolean prefersAggregated(String accept) {
    for (String entry : accept.split(",")) {
      if (entry.contains("as=APIGroupDiscoveryList")) {
        return entry.contains("v=v2") && !entry.contains("v=v2beta1");
      }
      if (entry.trim().startsWith("application/json") || entry.trim().startsWith("*/*")) {
        return false;
      }
    }
    return false;
  }
}
