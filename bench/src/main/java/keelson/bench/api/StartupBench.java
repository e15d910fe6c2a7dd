package keelson.bench.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures {@code ./keelson server} from process start to the first {@code /readyz} 200, N times,
 * each with a fresh data directory, each stopped with SIGTERM. Prints every run and the median and
 * maximum of the runs after the first.
 *
 * <p>Options (defaults): {@code --root .} (the repository root, where the launcher is), {@code
 * --runs 10}, {@code --poll-millis 10}, {@code --fresh-archive true} (delete the launcher's
 * class-data archive {@code keelson-server/target/keelson.jsa} first, so run 1 is the cold one that
 * writes it), {@code --java-opts ""} (put in KEELSON_JAVA_OPTS).
 */
public final class StartupBench {
  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
    int runs = Integer.parseInt(options.getOrDefault("runs", "10"));
    long poll = Long.parseLong(options.getOrDefault("poll-millis", "10"));
    boolean freshArchive = Boolean.parseBoolean(options.getOrDefault("fresh-archive", "true"));
    String javaOpts = options.getOrDefault("java-opts", "");
    Path archive = root.resolve("keelson-server/target/keelson.jsa");
    if (!Files.exists(root.resolve("keelson-server/target/keelson-server.jar"))) {
      throw new IllegalStateException("build the server first (./keelson --help builds it), so no run includes a build");
    }
    if (freshArchive) {
      Files.deleteIfExists(archive);
    }
    ServerProcess.warmClient();
    System.out.printf("Start-up benchmark, %s; %d runs of %s/keelson server, /readyz polled every %d ms%s%n%n",
        Instant.now(), runs, root, poll, javaOpts.isEmpty() ? "" : ", KEELSON_JAVA_OPTS=" + javaOpts);
    System.out.println("| run | CDS archive before the run | ready ms | stopped by SIGTERM |");
    System.out.println("|---:|---|---:|---|");
    List<Long> later = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      String before = Files.exists(archive) ? Files.size(archive) / (1024 * 1024) + " MiB" : "none";
      long millis;
      boolean clean;
      try (ServerProcess server = ServerProcess.start(root, javaOpts, List.of())) {
        millis = server.awaitReady(poll, Duration.ofSeconds(60)).toMillis();
        clean = server.stop(Duration.ofSeconds(30));
      }
      System.out.printf("| %d | %s | %d | %s |%n", run, before, millis, clean ? "yes" : "no (killed)");
      if (run > 1) {
        later.add(millis);
      }
    }
    later.sort(null);
    if (!later.isEmpty()) {
      long median = later.size() % 2 == 1 ? later.get(later.size() / 2)
          : (later.get(later.size() / 2 - 1) + later.get(later.size() / 2)) / 2;
      System.out.printf("%nRuns 2-%d: median %d ms, max %d ms, min %d ms (goal: under 1,000 ms)%n", runs, median,
          later.get(later.size() - 1), later.get(0));
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
