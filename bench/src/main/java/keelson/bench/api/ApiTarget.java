package keelson.bench.api;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import keelson.server.HostPort;
import keelson.server.KeelsonServer;

/**
 * One API server under test, started in this JVM on a free loopback port.
 *
 * <p>Keelson serves watches as HTTP/1.1 chunked streams; fabric8's CRUD mock serves them only over
 * WebSocket, so each target says which transport its watches use.
 */
interface ApiTarget extends AutoCloseable {

  /** Holds the JUL logger strongly, so its level is not lost when it is garbage-collected. */
  final class MockLogging {
    static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

    private MockLogging() {}
  }

  /** How a target serves {@code ?watch=true}. */
  enum WatchTransport { CHUNKED_HTTP, WEBSOCKET }

  String name();

  /** Returns the base URL, e.g. {@code http://127.0.0.1:40123}, without a trailing slash. */
  String baseUrl();

  WatchTransport watchTransport();

  @Override
  void close();

  /** Starts Keelson with the given storage ({@code sqlite} or {@code memory}) in {@code dataDir}. */
  static ApiTarget keelson(String storage, Path dataDir) throws Exception {
    KeelsonServer server = KeelsonServer.start(new KeelsonServer.Settings(dataDir.toAbsolutePath(),
        new HostPort("127.0.0.1", 0), storage, 3, new HostPort("127.0.0.1", 0), "bench"));
    String url = server.url();
    return new ApiTarget() {
      @Override
      public String name() {
        return "keelson-" + storage;
      }

      @Override
      public String baseUrl() {
        return url;
      }

      @Override
      public WatchTransport watchTransport() {
        return WatchTransport.CHUNKED_HTTP;
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  /**
   * Starts fabric8's {@code KubernetesMockServer} in CRUD mode over plain HTTP, as
   * {@code @EnableKubernetesMockClient(crud = true)} does.
   */
  static ApiTarget fabric8Mock() throws Exception {
    // The mock logs every request at INFO through java.util.logging; Keelson runs with WARN. Quiet
    // both, so neither pays for console output.
    MockLogging.QUIET.setLevel(Level.WARNING);
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    String url = "http://127.0.0.1:" + server.getPort();
    return new ApiTarget() {
      @Override
      public String name() {
        return "fabric8-mock";
      }

      @Override
      public String baseUrl() {
        return url;
      }

      @Override
      public WatchTransport watchTransport() {
        return WatchTransport.WEBSOCKET;
      }

      @Override
      public void close() {
        server.destroy();
      }
    };
  }
}
