package keelson.bench.workloads;

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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code ./keelson server --nodes N} child process with a fresh data directory and free
 * loopback ports, started through the launcher at the repository root (so with the launcher's JVM
 * flags). The launcher {@code exec}s java, so the child's pid is the server JVM's; its CPU time and
 * resident memory are read from {@code /proc/<pid>}.
 */
final class ServerUnderTest implements AutoCloseable {
  /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ; 100 on Linux/x86-64). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Process process;
  private final Path work;
  private final String baseUrl;
  private final boolean keepLog;

  private ServerUnderTest(Process process, Path work, String baseUrl, boolean keepLog) {
    this.process = process;
    this.work = work;
    this.baseUrl = baseUrl;
    this.keepLog = keepLog;
  }

  /**
   * Starts the launcher and waits (up to {@code timeout}) until {@code /readyz} answers 200.
   * {@code javaOpts} goes into {@code KEELSON_JAVA_OPTS} (empty: the launcher's defaults).
   */
  static ServerUnderTest start(Path root, int nodes, String storage, String javaOpts, boolean keepLog,
      Duration timeout) throws Exception {
    Path work = Files.createTempDirectory("keelson-wl-");
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(root.resolve("keelson").toString(), "server",
        "--data-dir", work.resolve("data").toString(), "--listen", "127.0.0.1:" + port,
        "--dns-listen", "127.0.0.1:" + freePort(), "--storage", storage, "--nodes", Integer.toString(nodes)));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile());
    if (javaOpts.isEmpty()) {
      builder.environment().remove("KEELSON_JAVA_OPTS");
    } else {
      builder.environment().put("KEELSON_JAVA_OPTS", javaOpts);
    }
    ServerUnderTest server = new ServerUnderTest(builder.start(), work, "http://127.0.0.1:" + port, keepLog);
    try {
      server.awaitReady(timeout);
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("keelson exited with " + process.exitValue() + "; log: " + log());
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/readyz"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("keelson not ready within " + timeout + "; log: " + log());
  }

  String baseUrl() {
    return baseUrl;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return work.resolve("server.log");
  }

  /** Returns the server's user plus system CPU time so far, in seconds (all threads). */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  }

  /** Returns a field of {@code /proc/<pid>/status} in MiB (VmRSS, VmHWM, …), or -1 when absent. */
  double statusMib(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()) / 1024.0;
      }
    }
    return -1;
  }

  /** Returns the server's thread count. */
  long threads() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("Threads:")) {
        return Long.parseLong(line.substring("Threads:".length()).trim());
      }
    }
    return -1;
  }

  /**
   * Stops the server with SIGTERM and waits. Its temp directory is removed by {@link #removeAll} at
   * the end of the bench, not now: removing thousands of files makes ext4's inode allocation slow
   * for the next half-minute or so (it skips recently freed inodes), and the next scenario's
   * server creates a file link per pod, so each scenario would be measured against its
   * predecessor's clean-up (in one case a fifth of the server's CPU went to that allocation).
   */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
    if (keepLog) {
      System.err.println("server log kept in " + log());
      return;
    }
    synchronized (TO_REMOVE) {
      TO_REMOVE.add(work);
    }
  }

  private static final List<Path> TO_REMOVE = new ArrayList<>();

  /**
   * Removes the temp directories of every stopped server, then waits {@code settle} so that a bench
   * started right after this one does not pay for these deletions (see {@link #close}).
   */
  static void removeAll(Duration settle) throws InterruptedException {
    List<Path> dirs;
    synchronized (TO_REMOVE) {
      dirs = List.copyOf(TO_REMOVE);
      TO_REMOVE.clear();
    }
    for (Path dir : dirs) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        System.err.println("could not remove " + dir + ": " + e);
      }
    }
    if (!dirs.isEmpty() && settle.isPositive()) {
      System.err.println("removed the servers' temp directories; waiting " + settle.toSeconds()
          + " s so that a bench started next is not slowed by these deletions");
      Thread.sleep(settle.toMillis());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
