package keelson.bench.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keelson.storage.Stores;
import keelson.storage.etcd.EtcdProcess;

/**
 * Measures writes/s and reads/s of each storage backend with 1 and 16 concurrent clients, next to
 * raw etcd puts in the same run, and prints a Markdown table.
 *
 * <p>Every phase stops at a count or a time limit, whichever comes first. Options: {@code
 * --backends etcd-raw,sqlite,etcd,memory}, {@code --seconds 5} (per phase), {@code --writes 20000}
 * and {@code --reads 40000} (per phase).
 */
public final class StorageBench {
  private static final int VALUE_BYTES = 256;
  private static final int[] CLIENTS = {1, 16};

  private StorageBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    List<String> backends =
        Arrays.asList(options.getOrDefault("backends", "etcd-raw,sqlite,etcd,memory").split(","));
    Duration phase = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "5")));
    long maxWrites = Long.parseLong(options.getOrDefault("writes", "20000"));
    long maxReads = Long.parseLong(options.getOrDefault("reads", "40000"));
    byte[] value = new byte[VALUE_BYTES];
    ThreadLocalRandom.current().nextBytes(value);

    Path work = Files.createTempDirectory("keelson-bench-");
    EtcdProcess etcd = backends.stream().anyMatch(b -> b.startsWith("etcd")) ? EtcdProcess.start() : null;
    Map<String, Map<String, LoadPhase.Result>> results = new LinkedHashMap<>();
    try {
      for (String backend : backends) {
        try (Target target = open(backend, work, etcd)) {
          System.err.println("benchmarking " + backend);
          results.put(target.name(), measure(target, value, phase, maxWrites, maxReads));
        }
      }
    } finally {
      if (etcd != null) {
        etcd.close();
      }
    }
    print(results, phase, maxWrites, maxReads);
  }

  private static Target open(String backend, Path work, EtcdProcess etcd) {
    return switch (backend) {
      case "etcd-raw" -> new RawEtcdTarget(etcd.endpoints());
      case "etcd" -> new StoreTarget("etcd", Stores.open("etcd://" + etcd.endpoints(), work));
      case "sqlite" -> new StoreTarget("sqlite", Stores.open("sqlite", work.resolve("sqlite")));
      case "memory" -> new StoreTarget("memory", Stores.open("memory", work));
      default -> throw new IllegalArgumentException("unknown backend " + backend);
    };
  }

  private static Map<String, LoadPhase.Result> measure(
      Target target, byte[] value, Duration phase, long maxWrites, long maxReads) throws Exception {
    Map<String, LoadPhase.Result> out = new LinkedHashMap<>();
    // etcd and etcd-raw share one keyspace: each target writes under its own root.
    String root = "/bench/" + target.name() + "/";
    // Warm-up: loads classes, JIT-compiles the paths, opens connections; not measured.
    LoadPhase.run(4, 400, Duration.ofSeconds(5), (t, i) -> target.write(root + "warm/" + t + "/" + i, value));
    List<String> written = new ArrayList<>();
    for (int clients : CLIENTS) {
      String prefix = root + "w" + clients + "/";
      LoadPhase.Result r =
          LoadPhase.run(clients, maxWrites, phase, (t, i) -> target.write(prefix + t + "/" + i, value));
      out.put("write x" + clients, r);
      // Every thread wrote indexes 0.. in order, so the first key of each thread surely exists.
      for (int t = 0; t < clients; t++) {
        written.add(prefix + t + "/0");
      }
    }
    String[] keys = written.toArray(String[]::new);
    for (int clients : CLIENTS) {
      LoadPhase.Result r =
          LoadPhase.run(
              clients,
              maxReads,
              phase,
              (t, i) -> target.read(keys[ThreadLocalRandom.current().nextInt(keys.length)]));
      out.put("read x" + clients, r);
    }
    return out;
  }

  private static void print(
      Map<String, Map<String, LoadPhase.Result>> results, Duration phase, long maxWrites, long maxReads) {
    System.out.printf(
        "Storage benchmark, %s, %d-byte values, phases bounded by %ds / %d writes / %d reads%n%n",
        Instant.now(), VALUE_BYTES, phase.toSeconds(), maxWrites, maxReads);
    System.out.println("| backend | phase | ops | ops/s | p50 µs | p99 µs |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    results.forEach(
        (backend, phases) ->
            phases.forEach(
                (name, r) ->
                    System.out.printf(
                        "| %s | %s | %d | %.0f | %.0f | %.0f |%n",
                        backend, name, r.ops(), r.perSecond(), r.p50Micros(), r.p99Micros())));
    Map<String, LoadPhase.Result> raw = results.get("etcd-raw");
    if (raw != null) {
      System.out.println();
      System.out.println("| backend | phase | ratio to etcd-raw (ops/s) |");
      System.out.println("|---|---|---:|");
      results.forEach(
          (backend, phases) -> {
            if (!backend.equals("etcd-raw")) {
              phases.forEach(
                  (name, r) ->
                      System.out.printf(
                          "| %s | %s | %.1f× |%n", backend, name, r.perSecond() / raw.get(name).perSecond()));
            }
          });
    }
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
