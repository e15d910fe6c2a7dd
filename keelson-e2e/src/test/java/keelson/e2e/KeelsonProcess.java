package keelson.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code keelson server} process on free loopback ports, started from the built jar with the
 * JDK running the tests. Its output goes to {@code server.log} in the data directory.
 */
public final class KeelsonProcess implements AutoCloseable {
  private final Path dataDir;
  private final String storage;
  private final int port;
  private final int dnsPort;
  private final List<String> properties;
  private final boolean tls;
  private Process process;

  private KeelsonProcess(Path dataDir, String storage, int port, int dnsPort, List<String> properties, boolean tls) {
    this.properties = List.copyOf(properties);
    this.tls = tls;
    this.dataDir = dataDir;
    this.storage = storage;
    this.port = port;
    this.dnsPort = dnsPort;
  }

  /** Starts a server on a fresh data directory under {@code parent}. */
  public static KeelsonProcess start(Path parent, String storage) {
    return start(parent, storage, List.of());
  }

  /** Starts a server with JVM system properties ({@code -Dkeelson.dns.upstream=refuse}, ...). */
  public static KeelsonProcess start(Path parent, String storage, List<String> properties) {
    return start(parent, storage, properties, false);
  }

  /** Starts a server with {@code --tls}: HTTPS with its self-signed CA, the token required. */
  public static KeelsonProcess startTls(Path parent, String storage) {
    return start(parent, storage, List.of(), true);
  }

  private static KeelsonProcess start(Path parent, String storage, List<String> properties, boolean tls) {
    try {
      Path dataDir = Files.createDirectories(parent.resolve("keelson-data"));
      KeelsonProcess server = new KeelsonProcess(dataDir, storage, freePort(), freePort(), properties, tls);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the built server jar, failing clearly when the build did not produce it. */
  static Path serverJar() {
    Path jar = repositoryRoot().resolve("keelson-server/target/keelson-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("missing " + jar + ": build it with ./mvnw -pl keelson-server -am package");
    }
    return jar;
  }

  static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("keelson-server")) ? here : here.getParent();
  }

  private void launch() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1",
        "-XX:MetaspaceSize=128m", "-XX:ReservedCodeCacheSize=240m"));
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(properties);
    command.addAll(List.of("-jar", serverJar().toString(), "server",
        "--data-dir", dataDir.toString(),
        "--listen", "127.0.0.1:" + port,
        "--dns-listen", "127.0.0.1:" + dnsPort,
        "--storage", storage));
    if (tls) {
      command.add("--tls");
    }
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
        .start();
    awaitReady(Duration.ofSeconds(60));
  }

  private void awaitReady(Duration timeout) {
    HttpClient client = tls ? null : HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("keelson server exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (client == null && Files.exists(caCertificate())) {
          // The server writes its CA before it listens; trust only that CA, as kubectl does.
          client = HttpClient.newBuilder().sslContext(sslContext()).build();
        }
        if (client == null) {
          throw new IOException("no CA yet");
        }
        HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(URI.create(url() + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && Files.exists(kubeconfig())) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("keelson server not ready after " + timeout + ":\n" + log());
  }

  /** Kills the server with SIGKILL, as a crash would. */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /** Stops the server with SIGTERM and waits for a clean exit; returns the exit code. */
  public int stop() {
    process.destroy();
    return waitForExit();
  }

  /** Starts the server again on the same data directory and ports. */
  public void restart() {
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int waitForExit() {
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port;
  }

  /** Returns the CA certificate of a {@code --tls} server. */
  public Path caCertificate() {
    return dataDir.resolve("tls/ca.crt");
  }

  /** Returns a TLS context that trusts exactly this server's CA. */
  public javax.net.ssl.SSLContext sslContext() {
    try (java.io.InputStream in = Files.newInputStream(caCertificate())) {
      java.security.cert.Certificate ca = java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("keelson-ca", ca);
      javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
      factory.init(trust);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caCertificate() + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  /** Returns the port of the server's DNS (UDP and TCP). */
  public int dnsPort() {
    return dnsPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path kubeconfig() {
    return dataDir.resolve("kubeconfig");
  }

  /** Returns the admin bearer token. */
  public String token() {
    try {
      return Files.readString(dataDir.resolve("admin.token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the server's output so far. */
  public String log() {
    try {
      Path file = dataDir.resolve("server.log");
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      stop();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
