package keelson.bench.api;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/**
 * One {@code ./keelson server} process started through the launcher at the repository root, with a
 * fresh data directory and free loopback ports. The launcher {@code exec}s java, so the process
 * id is the JVM's.
 */
final class ServerProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();

  private final Process process;
  private final long startedNanos;
  private final URI readyz;
  private final Path dataDir;

  private ServerProcess(Process process, long startedNanos, URI readyz, Path dataDir) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.readyz = readyz;
    this.dataDir = dataDir;
  }

  /**
   * Starts the launcher; {@code javaOpts} goes into {@code KEELSON_JAVA_OPTS} (empty for none).
   * The server's output goes to {@code server.log} in the data directory's parent.
   */
  static ServerProcess start(Path root, String javaOpts, List<String> extraArgs) throws IOException {
    Path work = Files.createTempDirectory("keelson-proc-");
    Path dataDir = work.resolve("data");
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(root.resolve("keelson").toString(), "server",
        "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:" + port,
        "--dns-listen", "127.0.0.1:" + freePort()));
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile());
    if (javaOpts.isEmpty()) {
      builder.environment().remove("KEELSON_JAVA_OPTS");
    } else {
      builder.environment().put("KEELSON_JAVA_OPTS", javaOpts);
    }
    long started = System.nanoTime();
    Process process = builder.start();
    return new ServerProcess(process, started, URI.create("http://127.0.0.1:" + port + "/readyz"), dataDir);
  }

  /** Sends one request to a closed port so the client's own class loading is not in the first run. */
  static void warmClient() throws IOException {
    try {
      HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + freePort() + "/readyz")).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException | InterruptedException expected) {
      // nothing listens there
    }
  }

  /**
   * Polls {@code /readyz} every {@code pollMillis} until it answers 200; returns the wall time since
   * the process was started.
   */
  Duration awaitReady(long pollMillis, Duration timeout) throws Exception {
    long deadline = startedNanos + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("keelson exited with " + process.exitValue() + ": "
            + Files.readString(dataDir.resolveSibling("server.log")));
      }
      try {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(readyz)
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(pollMillis);
    }
    throw new IllegalStateException("keelson not ready within " + timeout);
  }

  long pid() {
    return process.pid();
  }

  /** Returns a field of {@code /proc/<pid>/status} in KiB, e.g. VmRSS, or -1 when absent. */
  long statusKib(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
      }
    }
    return -1;
  }

  /** Returns the process's command name ({@code java} once the launcher has exec'd). */
  String comm() throws IOException {
    return Files.readString(Path.of("/proc", Long.toString(pid()), "comm")).trim();
  }

  /**
   * Stops the server with SIGTERM (so its shutdown hook runs and the launcher's class-data archive
   * is written) and waits for it; returns whether it exited by itself within the timeout.
   */
  boolean stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    process.destroyForcibly();
    process.waitFor();
    return false;
  }

  /** Stops the server if it still runs and removes its temp directory (data dir and log). */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(30));
    }
    TempDirs.delete(dataDir.getParent());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
