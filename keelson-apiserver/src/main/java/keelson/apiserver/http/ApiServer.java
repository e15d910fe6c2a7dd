package keelson.apiserver.http;

import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.discovery.Discovery;
import keelson.apiserver.openapi.OpenApiV3;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.watch.WatchCache;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The HTTP server: Jetty with handlers on virtual threads, one connector on the listen address,
 * either plain HTTP/1.1 or TLS with ALPN offering h2 and http/1.1 as kube-apiserver does.
 */
public final class ApiServer implements AutoCloseable {
  /** Longer than the longest watch, so an idle watch is never cut by the connection timeout. */
  private static final long IDLE_TIMEOUT_MILLIS = 2 * 60 * 60 * 1000L;
  /**
   * Streams one HTTP/2 connection may carry at once. Every watch holds a stream for its lifetime,
   * and client-go multiplexes a client's watches over one connection; k8s.io/apiserver's
   * recommended serving options allow 1000 for the same reason (Jetty's default is 128).
   */
  private static final int MAX_CONCURRENT_STREAMS = 1000;

  /**
   * The serving identity of the TLS mode.
   *
   * @param keyStore holds the private key and its certificate chain
   * @param password the key store's and the key's password
   */
  public record Tls(KeyStore keyStore, String password) {}

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
    this(host, port, clock, keelsonVersion, bearerToken, null);
  }

  /**
   * Creates (but does not start) the server, over TLS when {@code tls} is given. Over TLS every
   * request but the anonymous health and version endpoints must carry {@code bearerToken}.
   *
   * @param tls the serving key and certificates, or null for plain HTTP
   */
  public ApiServer(String host, int port, Clock clock, String keelsonVersion, String bearerToken, Tls tls) {
    this.clock = clock;
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(true);
    connector = tls == null
        ? new ServerConnector(server, new HttpConnectionFactory(config))
        : tlsConnector(config, tls);
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    server.addConnector(connector);
    String advertised = host + ":" + port;
    handler = new ApiHandler(new Discovery(BuiltinResources.SERVED, advertised),
        new OpenApiV3(BuiltinResources.SERVED), keelsonVersion, bearerToken, tls != null);
    server.setHandler(handler);
    // Watches may also be served over WebSocket; like the connector, an idle one is never cut.
    ServerWebSocketContainer.ensure(server).setIdleTimeout(java.time.Duration.ofMillis(IDLE_TIMEOUT_MILLIS));
    server.setStopTimeout(2_000);
  }

  /**
   * A TLS connector that lets ALPN choose the protocol: Go clients (kubectl) ask for h2, while
   * clients that open WebSockets with an HTTP/1.1 upgrade (fabric8 over the JDK client) get
   * http/1.1, which is also the choice for a client that offers no ALPN at all.
   */
  private ServerConnector tlsConnector(HttpConfiguration config, Tls tls) {
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients reach the server by IP address, which TLS does not carry as SNI: do not demand it.
    secure.setSniHostCheck(false);
    config.addCustomizer(secure);
    HttpConnectionFactory http1 = new HttpConnectionFactory(config);
    HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(config);
    http2.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(http1.getProtocol());
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(tls.password());
    // HTTP/2 forbids some older cipher suites (RFC 9113 appendix A): prefer the ones it allows.
    ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
    return new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, http2, http1);
  }

  /**
   * Starts serving resources from the registry and cache; until then resource requests wait.
   *
   * @param healthy whether {@code /readyz} reports ready once serving
   */
  public void serve(RegistryStore registry, WatchCache cache, BooleanSupplier healthy) {
    handler.serve(new ServerContext(registry, cache, clock), healthy);
  }

  /**
   * Serves one request from a client in this process, on the calling thread, through the same
   * handlers as a request over HTTP (authentication, admission, watches); only the wire differs.
   * Returns once the handler returned: the response is complete, or a watch streams on, to the
   * response's content (chunked form) or to the socket the response's {@code upgraded} returned
   * (WebSocket form), until either side closes.
   */
  public void serveInProcess(InProcessRequest request, InProcessResponse response) {
    InProcessWire wire = new InProcessWire(request, response);
    handler.serve(new HttpExchange(wire));
    wire.afterHandler();
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
