package keelson.bench.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Measures the resident memory of an idle {@code ./keelson server} (default flags, so 3 nodes):
 * starts it with a fresh data directory, waits until ready and then a settle time, and reads
 * VmRSS (and its parts) from {@code /proc/<pid>/status} of the java process. Repeats per set of
 * extra JVM options.
 *
 * <p>Options (defaults): {@code --root .}, {@code --runs 3} per variant, {@code --settle-seconds
 * 10}, {@code --variants "|-Xmx64m"} (KEELSON_JAVA_OPTS values separated by {@code |}; the empty
 * one is the launcher's defaults).
 */
public final class IdleFootprint {
  private IdleFootprint() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = StartupBench.options(args);
    Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    long settle = Long.parseLong(options.getOrDefault("settle-seconds", "10"));
    List<String> variants = Arrays.asList(options.getOrDefault("variants", "|-Xmx64m").split("\\|", -1));
    ServerProcess.warmClient();
    System.out.printf("Idle footprint, %s; ./keelson server (3 nodes, sqlite), read %d s after /readyz%n%n",
        Instant.now(), settle);
    System.out.println("| KEELSON_JAVA_OPTS | run | VmRSS MiB | RssAnon MiB | RssFile MiB | VmHWM MiB | threads |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    List<String> summaries = new ArrayList<>();
    for (String variant : variants) {
      List<Long> rss = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        try (ServerProcess server = ServerProcess.start(root, variant, List.of())) {
          server.awaitReady(10, Duration.ofSeconds(60));
          Thread.sleep(settle * 1000);
          if (!server.comm().equals("java")) {
            throw new IllegalStateException("pid " + server.pid() + " is " + server.comm() + ", not java");
          }
          long vmRss = server.statusKib("VmRSS");
          rss.add(vmRss);
          System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f | %d |%n", variant.isEmpty() ? "(none)" : variant,
              run, vmRss / 1024.0, server.statusKib("RssAnon") / 1024.0, server.statusKib("RssFile") / 1024.0,
              server.statusKib("VmHWM") / 1024.0, server.statusKib("Threads"));
          server.stop(Duration.ofSeconds(30));
        }
      }
      rss.sort(null);
      summaries.add(String.format("%s: median VmRSS %.1f MiB over %d runs (goal: under 256 MB)",
          variant.isEmpty() ? "launcher defaults" : variant, rss.get(rss.size() / 2) / 1024.0, runs));
    }
    System.out.println();
    summaries.forEach(System.out::println);
  }
}
