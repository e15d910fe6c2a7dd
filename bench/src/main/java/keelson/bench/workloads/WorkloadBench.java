package keelson.bench.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Workload figures of a {@code ./keelson server --nodes N} child process: pods from create through
 * scheduling to Running and Ready; a Parallel and an OrderedReady StatefulSet to all Ready; a
 * DaemonSet on N nodes to all Ready; and the idle CPU and memory of N nodes (optionally holding
 * pods). Each scenario gets a fresh server, waits until all N nodes are Ready, then is timed from
 * just before its first create; progress is seen through watches opened before that create.
 *
 * <p>Options (defaults): {@code --scenarios pods,sts-parallel,sts-ordered,daemonset,idle},
 * {@code --root .}, {@code --storage sqlite}, {@code --nodes} (per scenario: 100, 100, 100, 1000,
 * 1000), {@code --pods 3000} (pods; idle: 0), {@code --warmup-pods 3000} (pods: a first batch on
 * the fresh server, reported apart; see {@link #podsAfterWarmUp}), {@code --clients 32}, {@code --replicas} (1000 for
 * sts-parallel, 100 for sts-ordered), {@code --timeout-seconds 120} per scenario, {@code
 * --node-timeout-seconds 180}, {@code --idle-seconds 60}, {@code --settle-seconds 10}, {@code
 * --quiet-seconds 0} (a wait between all nodes Ready and the scenario), {@code --thread-dumps 0}
 * (jcmd Thread.print samples of the server, 1 s apart, from 0.5 s after the
 * first create, written to {@code --dump-dir}), {@code --java-opts ""} (KEELSON_JAVA_OPTS), {@code
 * --keep-log false}, {@code --settle-after-seconds 35} (a wait after removing the servers' temp
 * directories at the end, so that a bench started next does not pay for the deletions).
 */
public final class WorkloadBench {
  private final Map<String, String> options;
  private final Path root;
  private final List<String> summary = new ArrayList<>();

  private WorkloadBench(Map<String, String> options) {
    this.options = options;
    this.root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    WorkloadBench bench = new WorkloadBench(options);
    System.out.printf("Workload bench, %s; JDK %s; %d CPUs; load %s; options %s%n", Instant.now(),
        System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), loadAverage(), options);
    for (String scenario : options.getOrDefault("scenarios", "pods,sts-parallel,sts-ordered,daemonset,idle")
        .split(",")) {
      try {
        bench.run(scenario.trim());
      } catch (Exception e) {
        progress("scenario " + scenario + " failed: " + e);
        bench.summary.add("| " + scenario + " | failed: " + e.getMessage().replace('|', '/') + " | | |");
      }
    }
    System.out.println();
    System.out.println("| scenario | result | goal | met |");
    System.out.println("|---|---|---|---|");
    bench.summary.forEach(System.out::println);
    ServerUnderTest.removeAll(Duration.ofSeconds(Long.parseLong(options.getOrDefault("settle-after-seconds", "35"))));
  }

  private void run(String scenario) throws Exception {
    int nodes = intOption("nodes", switch (scenario) {
      case "daemonset", "idle" -> 1000;
      default -> 100;
    });
    progress("scenario " + scenario + ": starting keelson server --nodes " + nodes);
    long started = System.nanoTime();
    try (ServerUnderTest server = ServerUnderTest.start(root, nodes, options.getOrDefault("storage", "sqlite"),
        options.getOrDefault("java-opts", ""), Boolean.parseBoolean(options.getOrDefault("keep-log", "false")),
        Duration.ofSeconds(60));
        Kube kube = new Kube(server.baseUrl())) {
      double nodesReadySeconds = awaitNodes(kube, nodes);
      progress(nodes + " nodes Ready " + fmt(nodesReadySeconds) + " s after start (pid " + server.pid() + ")");
      Report report = new Report(scenario, nodes, server);
      report.add("server start → all nodes Ready, s", fmt((System.nanoTime() - started) / 1e9));
      report.add("server CPU, start → all nodes Ready, s", fmt(server.cpuSeconds()));
      int quiet = intOption("quiet-seconds", 0);
      if (quiet > 0) {
        // Lets the components' caches catch up with node registration before the timed window.
        progress("waiting " + quiet + " s before the scenario (--quiet-seconds)");
        Thread.sleep(TimeUnit.SECONDS.toMillis(quiet));
        report.add("quiet wait before the scenario, s", Integer.toString(quiet));
      }
      switch (scenario) {
        case "pods" -> podsAfterWarmUp(kube, server, report);
        case "sts-parallel" -> statefulSet(kube, server, report, intOption("replicas", 1000), "Parallel", 5);
        case "sts-ordered" -> statefulSet(kube, server, report, intOption("replicas", 100), "OrderedReady", 10);
        case "daemonset" -> daemonSet(kube, server, report, nodes);
        case "idle" -> idle(kube, server, report, intOption("pods", 0));
        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
      }
      report.add("server VmRSS / VmHWM at end, MiB", fmt(server.statusMib("VmRSS")) + " / "
          + fmt(server.statusMib("VmHWM")));
      report.add("server threads at end", Long.toString(server.threads()));
      report.add("controller leader lease at end", leaderLease(kube));
      report.print();
    }
  }

  /** Waits until the LIST of Nodes shows {@code count} Ready; returns the seconds waited. */
  private double awaitNodes(Kube kube, int count) throws Exception {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(intOption("node-timeout-seconds", 180));
    int ready = 0;
    while (System.nanoTime() < deadline) {
      ready = kube.readyNodes();
      if (ready >= count) {
        return (System.nanoTime() - start) / 1e9;
      }
      Thread.sleep(count > 1000 ? 2000 : 500);
    }
    throw new IllegalStateException("only " + ready + " of " + count + " nodes Ready within the node timeout");
  }

  // ---- pods ----------------------------------------------------------------------------------

  /**
   * The pods scenario as Kubernetes' scheduler_perf measures throughput: a first batch of
   * {@code --warmup-pods} (3,000) pods on the fresh server, reported on its own, then the measured
   * batch of {@code --pods}, which is judged. The first batch also shows what a freshly started
   * server does: its JIT compiles the hot paths during it (a tenth of the server's CPU went to the
   * compiler thread), and its heap grows into pages touched for the first time.
   */
  private void podsAfterWarmUp(Kube kube, ServerUnderTest server, Report report) throws Exception {
    int warmUp = intOption("warmup-pods", 3000);
    Batch first = warmUp > 0 ? pods(kube, server, report, "wl-warmup", warmUp, "warm-up batch on the fresh server: ")
        : null;
    Batch measured = pods(kube, server, report, "wl-pods", intOption("pods", 3000), "");
    summary.add(String.format("| pods, %d on %d nodes%s | %s pods/s to Running (last Running %s s), to Ready %s/s;"
        + " create→Running p50 %s ms, p99 %s ms%s | ≥ 1,000 pods/s | %s |", measured.count(), report.nodes,
        first == null ? "" : ", after " + first.count() + " warm-up pods", fmt(measured.toRunningRate()),
        fmt(measured.toRunning()), fmt(measured.toReadyRate()), measured.p50(), measured.p99(),
        first == null ? "" : "; the warm-up batch on the fresh server: " + fmt(first.toRunningRate()) + " pods/s",
        measured.complete() && measured.toRunningRate() >= 1000 ? "yes" : "**no**"));
  }

  /** What one batch of pods showed. */
  private record Batch(int count, boolean complete, double toRunning, double toRunningRate, double toReadyRate,
      String p50, String p99) {}

  /**
   * Creates {@code count} bare pods from {@code --clients} threads and follows each through bound,
   * Running and Ready on a namespace watch; its figures go into {@code report}, each label after
   * {@code label}.
   */
  private Batch pods(Kube kube, ServerUnderTest server, Report report, String namespace, int count,
      String label) throws Exception {
    int clients = intOption("clients", 32);
    kube.create("/api/v1/namespaces", Manifests.namespace(namespace));
    String podsPath = "/api/v1/namespaces/" + namespace + "/pods";
    String rv = kube.get(podsPath).path("metadata").path("resourceVersion").asText();
    AtomicLongArray createStart = new AtomicLongArray(count);
    AtomicLongArray bound = new AtomicLongArray(count);
    AtomicLongArray running = new AtomicLongArray(count);
    AtomicLongArray ready = new AtomicLongArray(count);
    AtomicInteger readyCount = new AtomicInteger();
    CountDownLatch allReady = new CountDownLatch(count);
    try (Kube.Watch watch = kube.watch(podsPath, rv, (line, offset, length, nanos) -> {
      PodProgress pod = PodProgress.parse(line, offset, length);
      if (!pod.name().startsWith("p-")) {
        return;
      }
      int i = Integer.parseInt(pod.name().substring(2));
      if (pod.bound()) {
        bound.compareAndSet(i, 0, nanos);
      }
      if (pod.running()) {
        running.compareAndSet(i, 0, nanos);
      }
      if (pod.ready() && ready.compareAndSet(i, 0, nanos)) {
        readyCount.incrementAndGet();
        allReady.countDown();
      }
    })) {
      watch.onEnd(e -> progress("pod watch ended: " + e));
      Thread.sleep(200); // let the watch register; it starts from the LIST's resourceVersion anyway
      double cpuBefore = server.cpuSeconds();
      double clientCpuBefore = clientCpuSeconds();
      long t0 = System.nanoTime();
      ThreadDumps dumps = ThreadDumps.start(server, options, report.scenario);
      AtomicInteger next = new AtomicInteger();
      long[] lastCreateDone = new long[clients];
      ExecutorService creators = Executors.newFixedThreadPool(clients);
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        futures.add(creators.submit(() -> {
          try (PlainHttpConnection connection = kube.connection()) {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              createStart.set(i, System.nanoTime());
              Kube.create(connection, podsPath, Manifests.pod(String.format("p-%06d", i)));
              lastCreateDone[client] = System.nanoTime();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(intOption("timeout-seconds", 120), TimeUnit.SECONDS);
      }
      creators.shutdown();
      long createsDone = Arrays.stream(lastCreateDone).max().orElse(t0);
      progress(count + " pods created in " + fmt((createsDone - t0) / 1e9) + " s");
      boolean complete = allReady.await(intOption("timeout-seconds", 120), TimeUnit.SECONDS);
      long end = System.nanoTime();
      double cpu = server.cpuSeconds() - cpuBefore;
      double clientCpu = clientCpuSeconds() - clientCpuBefore;
      dumps.stop();
      progress(readyCount.get() + " of " + count + " pods Ready" + (complete ? "" : " (timed out)") + "; last at "
          + fmt((max(ready) - t0) / 1e9) + " s");
      long lastBound = max(bound);
      long lastRunning = max(running);
      long lastReady = max(ready);
      double toRunning = (lastRunning - t0) / 1e9;
      double toReady = (lastReady - t0) / 1e9;
      report.add(label + "pods, clients", count + " bare pods, " + clients + " client threads");
      report.add(label + "creates done at, s (creates/s)", fmt((createsDone - t0) / 1e9) + " ("
          + fmt(count / ((createsDone - t0) / 1e9)) + ")");
      report.add(label + "last pod bound at, s", fmt((lastBound - t0) / 1e9) + " (" + count(bound) + " bound)");
      report.add(label + "last pod Running at, s", fmt(toRunning) + " (" + count(running) + " Running)");
      report.add(label + "last pod Ready at, s", fmt(toReady) + " (" + readyCount.get() + " Ready"
          + (complete ? "" : ", TIMED OUT") + ")");
      report.add("**" + label + "pods/s, first create → last Running**", "**" + fmt(count(running) / toRunning) + "**");
      report.add(label + "pods/s, first create → last Ready", fmt(readyCount.get() / toReady));
      report.add(label + "per pod create → bound, p50 / p99 / max ms", percentiles(createStart, bound));
      report.add(label + "per pod create → Running, p50 / p99 / max ms", percentiles(createStart, running));
      report.add(label + "per pod create → Ready, p50 / p99 / max ms", percentiles(createStart, ready));
      report.add(label + "server CPU in window, s (of " + fmt((end - t0) / 1e9) + " s wall)", fmt(cpu) + " ("
          + fmt(100 * cpu / ((end - t0) / 1e9)) + " %)");
      report.add(label + "bench client CPU in window, s (this JVM: creates, watch)", fmt(clientCpu));
      report.add(label + "pod watch events (MB)", watch.events.get() + " (" + fmt(watch.bytes.get() / 1e6) + ")");
      return new Batch(count, complete, toRunning, count(running) / toRunning, readyCount.get() / toReady,
          pct(createStart, running, 0.5), pct(createStart, running, 0.99));
    }
  }

  // ---- workload controllers ------------------------------------------------------------------

  private void statefulSet(Kube kube, ServerUnderTest server, Report report, int replicas, String policy,
      int goalSeconds) throws Exception {
    String name = policy.equals("Parallel") ? "par" : "ord";
    Milestones milestones = new Milestones(name)
        .add("status.replicas == " + replicas + " (all pods created)", s -> s.path("replicas").asInt() >= replicas)
        .add("readyReplicas ≥ 1", s -> s.path("readyReplicas").asInt() >= 1)
        .add("readyReplicas ≥ " + replicas / 2, s -> s.path("readyReplicas").asInt() >= replicas / 2)
        .add("readyReplicas == " + replicas, s -> s.path("readyReplicas").asInt() >= replicas);
    workload(kube, server, report, "/apis/apps/v1/namespaces/wl-sts/statefulsets", "wl-sts",
        Manifests.statefulSet(name, replicas, policy), milestones,
        "StatefulSet " + policy + " × " + replicas, goalSeconds);
  }

  private void daemonSet(Kube kube, ServerUnderTest server, Report report, int nodes) throws Exception {
    Milestones milestones = new Milestones("ds")
        .add("desiredNumberScheduled == " + nodes, s -> s.path("desiredNumberScheduled").asInt() >= nodes)
        .add("currentNumberScheduled == " + nodes, s -> s.path("currentNumberScheduled").asInt() >= nodes)
        .add("numberReady ≥ " + nodes / 2, s -> s.path("numberReady").asInt() >= nodes / 2)
        .add("desiredNumberScheduled == numberReady == " + nodes,
            s -> s.path("desiredNumberScheduled").asInt() == nodes && s.path("numberReady").asInt() == nodes);
    workload(kube, server, report, "/apis/apps/v1/namespaces/wl-ds/daemonsets", "wl-ds",
        Manifests.daemonSet("ds"), milestones, "DaemonSet on " + nodes + " nodes", 10);
  }

  /** Creates one workload object and waits for its last milestone, timed from just before the POST. */
  private void workload(Kube kube, ServerUnderTest server, Report report, String path, String namespace,
      String manifest, Milestones milestones, String what, int goalSeconds) throws Exception {
    kube.create("/api/v1/namespaces", Manifests.namespace(namespace));
    String rv = kube.get(path).path("metadata").path("resourceVersion").asText();
    try (Kube.Watch watch = kube.watch(path, rv, milestones::event)) {
      watch.onEnd(e -> progress("workload watch ended: " + e));
      Thread.sleep(200);
      double cpuBefore = server.cpuSeconds();
      double clientCpuBefore = clientCpuSeconds();
      long t0 = System.nanoTime();
      ThreadDumps dumps = ThreadDumps.start(server, options, report.scenario);
      kube.create(path, manifest);
      boolean complete = milestones.done().await(intOption("timeout-seconds", 120), TimeUnit.SECONDS);
      long end = System.nanoTime();
      double cpu = server.cpuSeconds() - cpuBefore;
      double clientCpu = clientCpuSeconds() - clientCpuBefore;
      dumps.stop();
      report.add("workload", what);
      for (var entry : milestones.reached().entrySet()) {
        report.add(entry.getKey() + ", s", entry.getValue() == null ? "not reached"
            : fmt((entry.getValue() - t0) / 1e9));
      }
      report.add("server CPU in window, s (of " + fmt((end - t0) / 1e9) + " s wall)", fmt(cpu) + " ("
          + fmt(100 * cpu / ((end - t0) / 1e9)) + " %)");
      report.add("bench client CPU in window, s (this JVM: watch)", fmt(clientCpu));
      if (!complete) {
        report.add("last status seen", String.valueOf(milestones.lastStatus()));
      }
      Long last = milestones.reached().get(milestones.last());
      double seconds = last == null ? Double.NaN : (last - t0) / 1e9;
      summary.add(String.format("| %s, %d nodes | %s | < %d s | %s |", what, report.nodes,
          complete ? "all Ready in " + fmt(seconds) + " s" : "not all Ready within " + fmt((end - t0) / 1e9)
              + " s; last status " + milestones.lastStatus(), goalSeconds,
          complete && seconds < goalSeconds ? "yes" : "**no**"));
    }
  }

  // ---- idle ----------------------------------------------------------------------------------

  private void idle(Kube kube, ServerUnderTest server, Report report, int pods) throws Exception {
    int settle = intOption("settle-seconds", 10);
    int seconds = intOption("idle-seconds", 60);
    Thread.sleep(settle * 1000L);
    idleWindow(server, report, "idle, " + report.nodes + " nodes, no pods", seconds);
    if (pods > 0) {
      pods(kube, server, report, "wl-idle", pods, "");
      Thread.sleep(settle * 1000L);
      idleWindow(server, report, "idle, " + report.nodes + " nodes, " + pods + " pods created", seconds);
    }
  }

  private void idleWindow(ServerUnderTest server, Report report, String what, int seconds) throws Exception {
    progress(what + ": measuring for " + seconds + " s");
    double cpuBefore = server.cpuSeconds();
    long t0 = System.nanoTime();
    double maxRss = 0;
    for (int s = 0; s < seconds; s++) {
      Thread.sleep(1000);
      maxRss = Math.max(maxRss, server.statusMib("VmRSS"));
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = server.cpuSeconds() - cpuBefore;
    double rss = server.statusMib("VmRSS");
    report.add(what + ": CPU over " + fmt(wall) + " s", fmt(cpu) + " s (" + fmt(100 * cpu / wall) + " % of one core)");
    report.add(what + ": VmRSS at end / max in window, MiB", fmt(rss) + " / " + fmt(maxRss)
        + " (RssAnon " + fmt(server.statusMib("RssAnon")) + ")");
    summary.add(String.format("| %s | VmRSS %s MiB, CPU %s %% of one core | < 2 GB (1,000 nodes, 30,000 pods) | %s |",
        what, fmt(rss), fmt(100 * cpu / wall), rss < 2048 ? "yes (RSS)" : "**no**"));
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * Returns how stale the components' leader lease is: the components (scheduler, controllers,
   * node simulator) act only while the server holds it, so a lost lease stops every scenario.
   */
  private static String leaderLease(Kube kube) {
    try {
      JsonNode spec = kube.get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/keelson-controller-manager")
          .path("spec");
      Duration age = Duration.between(Instant.parse(spec.path("renewTime").asText()), Instant.now());
      return "renewed " + fmt(age.toMillis() / 1000.0) + " s ago, leaseDurationSeconds "
          + spec.path("leaseDurationSeconds").asText() + (age.toSeconds() > 15 ? " (**leadership lost**)" : "");
    } catch (Exception e) {
      return "unreadable: " + e.getMessage();
    }
  }

  /** CPU time of this JVM (the load and watch client, sharing the machine with the server). */
  private static double clientCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  private int intOption(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
  }

  private static long max(AtomicLongArray times) {
    long max = 0;
    for (int i = 0; i < times.length(); i++) {
      max = Math.max(max, times.get(i));
    }
    return max;
  }

  private static int count(AtomicLongArray times) {
    int n = 0;
    for (int i = 0; i < times.length(); i++) {
      if (times.get(i) != 0) {
        n++;
      }
    }
    return n;
  }

  private static long[] deltas(AtomicLongArray from, AtomicLongArray to) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < to.length(); i++) {
      if (to.get(i) != 0 && from.get(i) != 0) {
        out.add(to.get(i) - from.get(i));
      }
    }
    return out.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static String pct(AtomicLongArray from, AtomicLongArray to, double q) {
    long[] d = deltas(from, to);
    if (d.length == 0) {
      return "n/a";
    }
    int rank = (int) Math.ceil(q * d.length) - 1;
    return fmt(d[Math.max(0, Math.min(d.length - 1, rank))] / 1e6);
  }

  private static String percentiles(AtomicLongArray from, AtomicLongArray to) {
    return pct(from, to, 0.5) + " / " + pct(from, to, 0.99) + " / " + pct(from, to, 1.0);
  }

  static String fmt(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  static void progress(String message) {
    System.err.printf("%s %s%n", Instant.now(), message);
  }

  /** One scenario's figures, printed as a two-column Markdown table. */
  private static final class Report {
    final String scenario;
    final int nodes;
    final List<String[]> rows = new ArrayList<>();

    Report(String scenario, int nodes, ServerUnderTest server) {
      this.scenario = scenario;
      this.nodes = nodes;
      add("load average at start", loadAverage());
    }

    void add(String figure, String value) {
      rows.add(new String[] {figure, value});
    }

    void print() {
      System.out.printf("%n### %s, %d simulated nodes%n%n| figure | value |%n|---|---|%n", scenario, nodes);
      rows.forEach(r -> System.out.printf("| %s | %s |%n", r[0], r[1]));
      System.out.flush();
    }
  }
}
