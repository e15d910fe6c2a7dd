package keelson.apiserver.http;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.discovery.Discovery;
import keelson.apiserver.openapi.OpenApiV3;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.watch.WatchCache;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/** The HTTP server: Jetty with handlers on virtual threads, one connector on the listen address. */
public final class ApiServer implements AutoCloseable {
  /** Longer than the longest watch, so an idle watch is never cut by the connection timeout. */
  private static final long IDLE_TIMEOUT_MILLIS = 2 * 60 * 60 * 1000L;

  private final Server server;
  private final ServerConnector connector;
  private final ApiHandler handler;
  private final Clock clock;

  /**
   * Creates (but does not start) the server. It can start listening before storage is ready:
   * discovery, OpenAPI and health answer at once, resource requests wait for {@link #serve}.
   *
   * @param host the address to listen on
   * @param port the port, 0 for any free one
   * @param bearerToken the token clients must present, or null to accept every client
   */
  public ApiServer(String host, int port, Clock clock, String keelsonVersion, String bearerToken) {
    this.clock = clock;
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(true);
    connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    server.addConnector(connector);
    String advertised = host + ":" + port;
    handler = new ApiHandler(new Discovery(BuiltinResources.SERVED, advertised),
        new OpenApiV3(BuiltinResources.SERVED), keelsonVersion, bearerToken);
    server.setHandler(handler);
    // Watches may also be served over WebSocket; like the connector, an idle one is never cut.
    ServerWebSocketContainer.ensure(server).setIdleTimeout(java.time.Duration.ofMillis(IDLE_TIMEOUT_MILLIS));
    server.setStopTimeout(2_000);
  }

  /**
   * Starts serving resources from the registry and cache; until then resource requests wait.
   *
   * @param healthy whether {@code /readyz} reports ready once serving
   */
  public void serve(RegistryStore registry, WatchCache cache, BooleanSupplier healthy) {
    handler.serve(new ServerContext(registry, cache, clock), healthy);
  }

  /** Starts listening. */
  public void start() throws Exception {
    server.start();
  }

  /** Returns the address actually bound (useful with port 0). */
  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
