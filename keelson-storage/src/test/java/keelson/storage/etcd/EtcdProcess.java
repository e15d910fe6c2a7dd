package keelson.storage.etcd;

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
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real etcd members for tests and benchmarks: {@code etcd} from the PATH, on free loopback ports,
 * in a temporary directory that {@link #close} removes.
 *
 * <p>It fails, never skips, when etcd is missing: a suite that silently skips its etcd run proves
 * nothing about etcd.
 */
public final class EtcdProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final int ATTEMPTS = 3;

  /** One running member. */
  public record Member(String name, int clientPort, int peerPort, Path dataDir, Path logFile, Process process) {
    /** Returns the client endpoint as {@code 127.0.0.1:port}. */
    public String endpoint() {
      return "127.0.0.1:" + clientPort;
    }
  }

  private final Path root;
  private final List<Member> members;

  private EtcdProcess(Path root, List<Member> members) {
    this.root = root;
    this.members = members;
  }

  /** Starts a single-member etcd and waits until it is healthy. */
  public static EtcdProcess start() {
    return startCluster(1);
  }

  /** Starts a cluster of {@code size} members on loopback and waits until every one is healthy. */
  public static EtcdProcess startCluster(int size) {
    Path binary = findEtcd();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      // Free ports are found by binding and releasing, so another process can take one before etcd
      // binds it; a fresh set of ports on retry gets around that.
      Path root = createRoot();
      List<Member> started = new ArrayList<>();
      try {
        started = launch(binary, root, size);
        for (Member m : started) {
          awaitHealthy(m);
        }
        return new EtcdProcess(root, started);
      } catch (IllegalStateException e) {
        last = e;
        new EtcdProcess(root, started).close();
      }
    }
    throw last;
  }

  /** Returns the client endpoints, {@code host:port[,host:port...]}, as {@code etcd://} takes them. */
  public String endpoints() {
    return members.stream().map(Member::endpoint).collect(Collectors.joining(","));
  }

  /** Returns the members, in start order. */
  public List<Member> members() {
    return List.copyOf(members);
  }

  /** Kills one member at once (SIGKILL), as a crash would; the others keep running. */
  public void kill(int member) {
    Process p = members.get(member).process();
    p.destroyForcibly();
    waitFor(p);
  }

  /** Stops every member and removes their data. */
  @Override
  public void close() {
    for (Member m : members) {
      m.process().destroy();
    }
    for (Member m : members) {
      if (!waitFor(m.process())) {
        m.process().destroyForcibly();
        waitFor(m.process());
      }
    }
    deleteRecursively(root);
  }

  private static List<Member> launch(Path binary, Path root, int size) {
    List<int[]> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(new int[] {freePort(), freePort()});
    }
    String cluster =
        java.util.stream.IntStream.range(0, size)
            .mapToObj(i -> "m" + i + "=http://127.0.0.1:" + ports.get(i)[1])
            .collect(Collectors.joining(","));
    String token = "keelson-test-" + UUID.randomUUID();
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String name = "m" + i;
      int client = ports.get(i)[0];
      int peer = ports.get(i)[1];
      Path dataDir = root.resolve(name);
      Path logFile = root.resolve(name + ".log");
      List<String> command =
          List.of(
              binary.toString(),
              "--name=" + name,
              "--data-dir=" + dataDir,
              "--listen-client-urls=http://127.0.0.1:" + client,
              "--advertise-client-urls=http://127.0.0.1:" + client,
              "--listen-peer-urls=http://127.0.0.1:" + peer,
              "--initial-advertise-peer-urls=http://127.0.0.1:" + peer,
              "--initial-cluster=" + cluster,
              "--initial-cluster-state=new",
              "--initial-cluster-token=" + token,
              "--logger=zap",
              "--log-outputs=stderr");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        members.add(new Member(name, client, peer, dataDir, logFile, process));
      } catch (IOException e) {
        members.forEach(m -> m.process().destroyForcibly());
        throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
      }
    }
    return members;
  }

  private static void awaitHealthy(Member m) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://" + m.endpoint() + "/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!m.process().isAlive()) {
        throw new IllegalStateException(
            "etcd member " + m.name() + " exited with " + m.process().exitValue() + ":\n" + tail(m.logFile()));
      }
      try {
        HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for etcd", e);
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "etcd member " + m.name() + " not healthy after " + STARTUP + ":\n" + tail(m.logFile()));
  }

  private static Path findEtcd() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "etcd");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "etcd is not installed: these tests need an etcd v3 binary named 'etcd' on the PATH"
            + " (Debian/Ubuntu: apt-get install etcd-server)");
  }

  private static Path createRoot() {
    try {
      return Files.createTempDirectory("keelson-etcd-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static boolean waitFor(Process p) {
    try {
      return p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for etcd", e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is not worth failing a test over.
    }
  }
}
