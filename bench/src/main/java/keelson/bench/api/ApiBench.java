package keelson.bench.api;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the API server end to end over loopback HTTP: creates/s and gets/s with 1 and 16
 * clients, LIST latency of 1,000 objects, create→watch-event latency, and one write fanned out to
 * 1,000 open watchers; for Keelson (in-process, sqlite and memory storage) and fabric8's mock
 * server in CRUD mode, with the same java.net.http client, in one JVM run. Prints Markdown.
 *
 * <p>Every phase is bounded by a count and a time limit, whichever comes first. Options (defaults):
 * {@code --targets keelson-sqlite,keelson-memory,fabric8-mock}, {@code --seconds 8} per throughput
 * phase, {@code --creates 3000}, {@code --gets 20000}, {@code --list-size 1000}, {@code --lists
 * 200}, {@code --events 200}, {@code --watchers 1000}, {@code --fanout-writes 5}.
 *
 * <p>Create phases are meant to end on their count, not their time, so that every target holds the
 * same number of objects when the gets run: the mock finds an object by scanning all of them, so
 * its GET slows down as it fills. {@code GET /version} with 1 and 16 clients is the floor: the
 * cheapest request each server answers, through the same client.
 */
public final class ApiBench {
  private static final int[] CLIENTS = {1, 16};
  private static final long EVENT_TIMEOUT_MILLIS = 10_000;

  private final Duration phase;
  private final int maxCreates;
  private final int maxGets;
  private final int listSize;
  private final int maxLists;
  private final int maxEvents;
  private final int watchers;
  private final int fanoutWrites;

  private ApiBench(Map<String, String> options) {
    phase = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "8")));
    maxCreates = Integer.parseInt(options.getOrDefault("creates", "3000"));
    maxGets = Integer.parseInt(options.getOrDefault("gets", "20000"));
    listSize = Integer.parseInt(options.getOrDefault("list-size", "1000"));
    maxLists = Integer.parseInt(options.getOrDefault("lists", "200"));
    maxEvents = Integer.parseInt(options.getOrDefault("events", "200"));
    watchers = Integer.parseInt(options.getOrDefault("watchers", "1000"));
    fanoutWrites = Integer.parseInt(options.getOrDefault("fanout-writes", "5"));
  }

  /** Everything one target measured. */
  record Measured(Map<String, LoadRun.Result> load, LoadRun.Result lists, Latencies watchEvent,
      Latencies fanout, int watchersReached, int fanoutMissing, int fanoutDuplicates) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    List<String> targets = Arrays.asList(
        options.getOrDefault("targets", "keelson-sqlite,keelson-memory,fabric8-mock").split(","));
    ApiBench bench = new ApiBench(options);
    Path work = Files.createTempDirectory("keelson-apibench-");
    Map<String, Measured> results = new LinkedHashMap<>();
    try {
      for (String name : targets) {
        System.err.println(Instant.now() + " benchmarking " + name);
        try (ApiTarget target = open(name, work)) {
          results.put(target.name(), bench.measure(target));
        }
        System.gc();
      }
    } finally {
      TempDirs.delete(work);
    }
    bench.print(results);
  }

  private static ApiTarget open(String name, Path work) throws Exception {
    return switch (name) {
      case "keelson-sqlite" -> ApiTarget.keelson("sqlite", Files.createDirectories(work.resolve("sqlite")));
      case "keelson-memory" -> ApiTarget.keelson("memory", Files.createDirectories(work.resolve("memory")));
      case "fabric8-mock" -> ApiTarget.fabric8Mock();
      default -> throw new IllegalArgumentException("unknown target " + name);
    };
  }

  private Measured measure(ApiTarget target) throws Exception {
    try (ApiClient client = new ApiClient(target.baseUrl())) {
      for (String ns : List.of("warm", "bench", "list", "watch", "fanout")) {
        client.createNamespace(ns);
      }
      // Warm-up, not measured: loads classes, compiles the paths, opens connections on both sides.
      LoadRun.run(4, 400, Duration.ofSeconds(5), (t, i) -> client.createConfigMap("warm", "w-" + t + "-" + i));
      LoadRun.run(4, 2_000, Duration.ofSeconds(5),
          (t, i) -> client.getConfigMap("warm", "w-" + ThreadLocalRandom.current().nextInt(4) + "-0"));

      Map<String, LoadRun.Result> load = new LinkedHashMap<>();
      for (int clients : CLIENTS) {
        String prefix = "c" + clients + "-";
        load.put("create x" + clients,
            LoadRun.run(clients, maxCreates, phase, (t, i) -> client.createConfigMap("bench", prefix + t + "-" + i)));
      }
      // The sequential phase wrote c1-0-0 … c1-0-(n-1), all of which exist.
      int sequential = load.get("create x1").ops();
      for (int clients : CLIENTS) {
        load.put("get x" + clients, LoadRun.run(clients, maxGets, phase,
            (t, i) -> client.getConfigMap("bench", "c1-0-" + ThreadLocalRandom.current().nextInt(sequential))));
      }
      for (int clients : CLIENTS) {
        load.put("GET /version x" + clients, LoadRun.run(clients, maxGets, phase, (t, i) -> client.getVersion()));
      }
      progress(target, "creates and gets done");
      LoadRun.Result lists = lists(client);
      progress(target, "lists done");
      Latencies watchEvent = watchEvents(target, client);
      progress(target, "watch latency done");
      return fanout(target, client, load, lists, watchEvent);
    }
  }

  /** Prints a timestamped progress line to stderr, to line up with profiles. */
  private static void progress(ApiTarget target, String what) {
    System.err.printf("%s %s: %s%n", Instant.now(), target.name(), what);
  }

  /** Fills a namespace with {@code listSize} ConfigMaps (not timed), then times sequential LISTs of it. */
  private LoadRun.Result lists(ApiClient client) throws Exception {
    AtomicInteger next = new AtomicInteger();
    LoadRun.Result fill = LoadRun.run(16, listSize, Duration.ofSeconds(120),
        (t, i) -> client.createConfigMap("list", "l-" + next.getAndIncrement()));
    byte[] first = client.listConfigMaps("list");
    int items = ApiClient.itemCount(first);
    if (fill.ops() != listSize || items != listSize) {
      throw new IllegalStateException("LIST returned " + items + " items, expected " + listSize);
    }
    // Nothing is written during the phase, so every answer is as long as the first one.
    LoadRun.Result lists = LoadRun.run(1, maxLists, phase.multipliedBy(2), (t, i) -> {
      byte[] body = client.listConfigMaps("list");
      if (body.length != first.length) {
        throw new IllegalStateException("LIST answered " + body.length + " bytes, expected " + first.length);
      }
    });
    if (ApiClient.itemCount(client.listConfigMaps("list")) != listSize) {
      throw new IllegalStateException("LIST lost items during the phase");
    }
    return lists;
  }

  /** One watcher; each create is timed from just before its request to its event's arrival. */
  private Latencies watchEvents(ApiTarget target, ApiClient client) throws Exception {
    BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
    Map<String, Long> arrivals = new ConcurrentHashMap<>();
    HttpClient watchHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (WatchStream watch = openWatch(target, watchHttp, "watch", client.listResourceVersion("watch"), 0,
            (w, name, nanos) -> {
          arrivals.put(name, nanos);
          arrived.add(name);
        })) {
      awaitOpen(target, List.of(watch));
      // Keelson sends a watch's response headers with its first event, so "open" is only known
      // from an event: write a primer and wait for it (the watch replays from the list's version,
      // so the primer is seen even if the watch registers after the write).
      client.createConfigMap("watch", WatchStream.EVENT_PREFIX + "primer");
      String primer = arrived.poll(EVENT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      if (!(WatchStream.EVENT_PREFIX + "primer").equals(primer)) {
        throw new IllegalStateException("the watch did not deliver the primer event, got " + primer);
      }
      long[] latencies = new long[maxEvents];
      int n = 0;
      long deadline = System.nanoTime() + phase.multipliedBy(2).toNanos();
      while (n < maxEvents && System.nanoTime() < deadline) {
        String name = WatchStream.EVENT_PREFIX + n;
        long start = System.nanoTime();
        client.createConfigMap("watch", name);
        String got = arrived.poll(EVENT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (!name.equals(got)) {
          throw new IllegalStateException("expected the event for " + name + ", got " + got);
        }
        latencies[n++] = arrivals.get(name) - start;
      }
      return Latencies.of(latencies, n);
    } finally {
      // shutdownNow, not close: close() would wait for the open watch stream to end.
      watchHttp.shutdownNow();
    }
  }

  /** Opens {@code watchers} watches on one namespace, then times a few writes reaching all of them. */
  private Measured fanout(ApiTarget target, ApiClient client, Map<String, LoadRun.Result> load,
      LoadRun.Result lists, Latencies watchEvent) throws Exception {
    Map<String, FanoutRound> rounds = new ConcurrentHashMap<>();
    WatchStream.Sink sink = (w, name, nanos) -> {
      FanoutRound round = rounds.get(name);
      if (round != null) {
        round.arrived(w, nanos);
      }
    };
    List<WatchStream> streams = new ArrayList<>();
    HttpClient watchHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    try {
      String resourceVersion = client.listResourceVersion("fanout");
      // Opened in batches so a thousand connects do not land at once on the accept queue.
      for (int w = 0; w < watchers; w += 100) {
        List<WatchStream> batch = new ArrayList<>();
        for (int i = w; i < Math.min(watchers, w + 100); i++) {
          WatchStream stream = openWatch(target, watchHttp, "fanout", resourceVersion, i, sink);
          streams.add(stream);
          batch.add(stream);
        }
        awaitOpen(target, batch);
      }
      // The probe proves how many watches are really open: count who sees it. On Keelson a watch
      // that registers after the write still sees it (replay from the list's version).
      FanoutRound probe = write(client, rounds, WatchStream.EVENT_PREFIX + "probe");
      probe.await(6 * EVENT_TIMEOUT_MILLIS);
      int reached = probe.received();
      progress(target, reached + " of " + watchers + " watchers saw the probe write");
      List<long[]> all = new ArrayList<>();
      int missing = 0;
      int duplicates = probe.duplicates();
      for (int r = 0; r < fanoutWrites; r++) {
        Thread.sleep(200); // let the previous round's deliveries drain before timing the next
        FanoutRound round = write(client, rounds, WatchStream.EVENT_PREFIX + "fan-" + r);
        round.await(EVENT_TIMEOUT_MILLIS);
        all.add(round.latencies());
        missing += watchers - round.received();
        duplicates += round.duplicates();
      }
      long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
      return new Measured(load, lists, watchEvent, Latencies.of(merged, merged.length), reached, missing,
          duplicates);
    } finally {
      streams.forEach(WatchStream::close);
      watchHttp.shutdownNow();
    }
  }

  /**
   * Waits until WebSocket watches are open (the mock does not replay, so a write before the
   * upgrade would be missed). A chunked watch is not observable before its first event; for those,
   * pause briefly so the connects of one batch are not all queued at once.
   */
  private static void awaitOpen(ApiTarget target, List<WatchStream> streams) throws Exception {
    if (target.watchTransport() == ApiTarget.WatchTransport.WEBSOCKET) {
      CompletableFuture.allOf(streams.stream().map(WatchStream::opened).toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
    } else {
      Thread.sleep(50);
    }
  }

  /** Registers a round for {@code name}, then creates the object, stamping the start just before. */
  private FanoutRound write(ApiClient client, Map<String, FanoutRound> rounds, String name) throws Exception {
    FanoutRound round = new FanoutRound(watchers);
    rounds.put(name, round);
    round.start();
    client.createConfigMap("fanout", name);
    return round;
  }

  private static WatchStream openWatch(ApiTarget target, HttpClient http, String namespace,
      String resourceVersion, int watcher, WatchStream.Sink sink) {
    URI base = URI.create(target.baseUrl());
    return switch (target.watchTransport()) {
      case CHUNKED_HTTP -> WatchStream.chunked(http, base, namespace, resourceVersion, watcher, sink);
      case WEBSOCKET -> WatchStream.webSocket(http, base, namespace, watcher, sink);
    };
  }

  private void print(Map<String, Measured> results) {
    System.out.printf("API benchmark, %s; JDK %s, %d CPUs, JVM options %s%n", Instant.now(), Runtime.version(),
        Runtime.getRuntime().availableProcessors(), ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.printf("Bounds: %ds / %d creates / %d gets per phase; %d LISTs of %d (or %ds); %d watch events "
        + "(or %ds); %d watchers x %d writes%n%n", phase.toSeconds(), maxCreates, maxGets, maxLists, listSize,
        phase.toSeconds() * 2, maxEvents, phase.toSeconds() * 2, watchers, fanoutWrites);
    System.out.println("| target | phase | requests | per s | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|");
    results.forEach((target, m) -> {
      m.load().forEach((name, r) -> row(target, name, r.ops(), r.perSecond(), r.latencies()));
      row(target, "LIST of " + listSize, m.lists().ops(), m.lists().perSecond(), m.lists().latencies());
      row(target, "create→watch event", m.watchEvent().count(), Double.NaN, m.watchEvent());
      row(target, "fan-out to " + m.watchersReached() + " watchers", m.fanout().count(), Double.NaN, m.fanout());
    });
    System.out.println();

    Measured mock = results.get("fabric8-mock");
    List<String> keelsons = results.keySet().stream().filter(t -> !t.equals("fabric8-mock")).toList();
    StringBuilder header = new StringBuilder("| figure | fabric8-mock |");
    StringBuilder rule = new StringBuilder("|---|---:|");
    for (String k : keelsons) {
      header.append(' ').append(k).append(" | ratio |");
      rule.append("---:|---:|");
    }
    System.out.println(header.append(" goal |"));
    System.out.println(rule.append("---|"));
    for (String phaseName : List.of("create x1", "create x16", "get x1", "get x16")) {
      double goal = phaseName.startsWith("create") ? 20 : 50;
      goalRow(results, keelsons, mock, phaseName.replace("x", "/s, clients: "),
          m -> m.load().get(phaseName).perSecond(), true, goal, "%,.0f");
    }
    for (int clients : CLIENTS) {
      goalRow(results, keelsons, mock, "GET /version /s, clients: " + clients,
          m -> m.load().get("GET /version x" + clients).perSecond(), true, 0, "%,.0f");
    }
    goalRow(results, keelsons, mock, "LISTs/s of " + listSize + " (1 client)", m -> m.lists().perSecond(), true,
        50, "%,.1f");
    goalRow(results, keelsons, mock, "LIST p50 ms", m -> m.lists().latencies().p50Millis(), false, 50, "%.2f");
    goalRow(results, keelsons, mock, "LIST p99 ms", m -> m.lists().latencies().p99Millis(), false, 0, "%.2f");
    goalRow(results, keelsons, mock, "create→event p50 ms", m -> m.watchEvent().p50Millis(), false, 0, "%.2f");
    goalRow(results, keelsons, mock, "create→event p99 ms", m -> m.watchEvent().p99Millis(), false, 0, "%.2f");
    goalRow(results, keelsons, mock, "fan-out p50 ms", m -> m.fanout().p50Millis(), false, 0, "%.1f");
    StringBuilder p99 = new StringBuilder("| fan-out p99 ms | " + cell(mock, m -> m.fanout().p99Millis(), "%.1f") + " |");
    for (String k : keelsons) {
      double v = results.get(k).fanout().p99Millis();
      p99.append(' ').append(String.format("%.1f", v)).append(" | ").append(v < 50 ? "met" : "not met").append(" |");
    }
    System.out.println(p99.append(" < 50 ms |"));
    goalRow(results, keelsons, mock, "fan-out max ms", m -> m.fanout().maxMillis(), false, 0, "%.1f");
    StringBuilder reached = new StringBuilder("| watchers reached by the probe; deliveries missing, duplicated | "
        + (mock == null ? "" : reachCell(mock)) + " |");
    for (String k : keelsons) {
      reached.append(' ').append(reachCell(results.get(k))).append(" | |");
    }
    System.out.println(reached.append(" all " + watchers + " |"));
    System.out.println();
    System.out.println("ratio: Keelson ÷ mock for rates, mock ÷ Keelson for latencies (so higher is better "
        + "for Keelson either way).");
  }

  private static String reachCell(Measured m) {
    return m.watchersReached() + "; " + m.fanoutMissing() + ", " + m.fanoutDuplicates();
  }

  private static void row(String target, String phase, int count, double perSecond, Latencies l) {
    System.out.printf("| %s | %s | %,d | %s | %.2f | %.2f | %.2f |%n", target, phase, count,
        Double.isNaN(perSecond) ? "" : String.format("%,.0f", perSecond), l.p50Millis(), l.p99Millis(),
        l.maxMillis());
  }

  /** Prints one figure per target with its ratio to the mock and, when {@code goal > 0}, whether the goal is met. */
  private static void goalRow(Map<String, Measured> results, List<String> keelsons, Measured mock, String figure,
      java.util.function.ToDoubleFunction<Measured> value, boolean higherIsBetter, double goal, String format) {
    StringBuilder line = new StringBuilder("| " + figure + " | " + cell(mock, value, format) + " |");
    for (String k : keelsons) {
      double v = value.applyAsDouble(results.get(k));
      line.append(' ').append(String.format(format, v)).append(" | ");
      if (mock != null) {
        double m = value.applyAsDouble(mock);
        double ratio = higherIsBetter ? v / m : m / v;
        line.append(String.format("%.1f×", ratio));
        if (goal > 0) {
          line.append(ratio >= goal ? " met" : " not met");
        }
      }
      line.append(" |");
    }
    System.out.println(line.append(goal > 0 ? String.format(" ≥ %.0f× mock |", goal) : " |"));
  }

  private static String cell(Measured m, java.util.function.ToDoubleFunction<Measured> value, String format) {
    return m == null ? "" : String.format(format, value.applyAsDouble(m));
  }

  private static Map<String, String> options(String[] args) {
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
