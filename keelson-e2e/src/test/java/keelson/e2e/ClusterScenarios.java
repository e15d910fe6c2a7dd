package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One real server per class (in-memory storage, three simulated nodes) and the helpers the §9
 * acceptance scenarios share: a namespace per test, manifests built in code, JSON reads through
 * kubectl, and background {@code kubectl get -w} watches whose output is kept for ordering checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterScenarios {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  final Path temp = TempDirs.create(getClass().getSimpleName());
  KeelsonProcess server;
  Kubectl kubectl;
  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  void startServer() {
    Kubectl.requireInstalled();
    server = KeelsonProcess.start(temp, "memory", serverProperties());
    kubectl = new Kubectl(server, temp.resolve("kube-cache"));
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).until(() -> kubectl.run("get", "nodes", "-o",
        "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\" \"}{end}").stdout()
        .equals("True True True ")
        && kubectl.run("get", "nodes", "-o", "jsonpath={.items[*].spec.taints}").stdout().isBlank());
  }

  /** JVM system properties for the server (none unless a test class needs some). */
  List<String> serverProperties() {
    return List.of();
  }

  @AfterAll
  void stopServer() {
    started.forEach(Process::destroy);
    if (server != null) {
      server.close();
    }
  }

  /** Awaitility polling fast with a generous bound. */
  static ConditionFactory eventually() {
    return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).pollDelay(Duration.ZERO);
  }

  /** Creates a fresh namespace for one test. */
  String namespace() {
    String name = "sc-" + NAMESPACES.incrementAndGet();
    kubectl.run("create", "namespace", name).ok();
    return name;
  }

  /** {@code kubectl apply -n ns -f -} with the manifest on standard input; returns stdout. */
  String apply(String ns, String manifest) {
    return kubectl.run(Map.of(), manifest, "apply", "-n", ns, "-f", "-").ok();
  }

  /*
   * Deleting a StatefulSet pod uses --wait=false throughout: the simulated kubelet finishes a graceful
   * deletion in a few milliseconds and the controller recreates the same name at once, which can land
   * inside kubectl's own list-then-check window (~100 ms) so that a waiting `kubectl delete` sees the
   * replacement, waits for its DELETED event, and never returns. Tests wait on the new UID instead.
   */

  /** Runs kubectl in the namespace, failing on a non-zero exit; returns stdout. */
  String k(String ns, String... args) {
    List<String> all = new ArrayList<>(List.of("-n", ns));
    all.addAll(List.of(args));
    return kubectl.run(all.toArray(String[]::new)).ok();
  }

  /** Reads {@code kubectl get ... -o json} in the namespace. */
  JsonNode json(String ns, String... args) {
    List<String> all = new ArrayList<>(List.of("-n", ns, "get"));
    all.addAll(List.of(args));
    all.addAll(List.of("-o", "json"));
    try {
      return JSON.readTree(kubectl.run(all.toArray(String[]::new)).ok());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Pod names in the namespace matching the selector, sorted by name. */
  List<String> podNames(String ns, String selector) {
    List<String> names = new ArrayList<>();
    for (JsonNode pod : json(ns, "pods", "-l", selector).path("items")) {
      names.add(pod.path("metadata").path("name").asText());
    }
    names.sort(null);
    return names;
  }

  /** Whether every named pod exists, is Running with Ready=True and is not terminating. */
  boolean allHealthy(String ns, String... names) {
    List<String> cmd = new ArrayList<>(List.of("-n", ns, "get", "pods"));
    cmd.addAll(List.of(names));
    cmd.addAll(List.of("--ignore-not-found", "-o", "json"));
    try {
      String out = kubectl.run(cmd.toArray(String[]::new)).ok();
      if (out.isBlank()) {
        return false;
      }
      JsonNode result = JSON.readTree(out);
      JsonNode items = result.has("items") ? result.path("items") : JSON.createArrayNode().add(result);
      if (items.size() != names.length) {
        return false;
      }
      for (JsonNode pod : items) {
        if (!healthy(pod)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean ready(JsonNode pod) {
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition.path("status").asText().equals("True");
      }
    }
    return false;
  }

  /** When the pod's Ready condition last turned True (whole seconds, as the API stores it). */
  static Instant readySince(JsonNode pod) {
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready") && condition.path("status").asText().equals("True")) {
        return Instant.parse(condition.path("lastTransitionTime").asText());
      }
    }
    throw new AssertionError(name(pod) + " is not Ready");
  }

  /** Running, Ready and not terminating: upstream's isHealthy. */
  static boolean healthy(JsonNode pod) {
    return "Running".equals(pod.path("status").path("phase").asText()) && ready(pod)
        && pod.path("metadata").path("deletionTimestamp").isMissingNode();
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  /** A pod that only stays so a watch can show it is established. */
  void sentinelPod(String ns) {
    apply(ns, """
        apiVersion: v1
        kind: Pod
        metadata:
          name: sentinel
          labels: {role: sentinel}
        spec:
          containers:
          - name: c
            image: busybox
        """);
  }

  /** Starts {@code kubectl get <args> -w} with table output; lines are collected as they come. */
  Lines watchTable(String ns, String... args) {
    List<String> all = new ArrayList<>(List.of("-n", ns, "get"));
    all.addAll(List.of(args));
    all.add("-w");
    Process process = kubectl.start(all.toArray(String[]::new));
    started.add(process);
    Lines lines = new Lines(process);
    Thread.ofVirtual().start(() -> {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // stopped
      }
    });
    return lines;
  }

  /**
   * Starts {@code kubectl get <args> -w --output-watch-events -o json}: every watch event (including
   * the initial list as ADDED) is kept in arrival order.
   */
  Events watchEvents(String ns, String... args) {
    List<String> all = new ArrayList<>(List.of("-n", ns, "get"));
    all.addAll(List.of(args));
    all.addAll(List.of("-w", "--output-watch-events", "-o", "json"));
    Process process = kubectl.startQuiet(all.toArray(String[]::new));
    started.add(process);
    Events events = new Events(process);
    Thread.ofVirtual().start(() -> {
      try (MappingIterator<JsonNode> it = JSON.copy().configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, true)
          .readerFor(JsonNode.class).readValues(process.getInputStream())) {
        while (it.hasNext()) {
          events.add(it.next());
        }
      } catch (Exception ignored) {
        // stopped
      }
    });
    return events;
  }

  /** Lines of a background watch. */
  static final class Lines implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    Lines(Process process) {
      this.process = process;
    }

    synchronized void add(String line) {
      lines.add(line);
    }

    synchronized List<String> snapshot() {
      return List.copyOf(lines);
    }

    @Override
    public void close() {
      process.destroy();
    }
  }

  /** Watch events ({@code type}, {@code object}) in arrival order. */
  static final class Events implements AutoCloseable {
    private final Process process;
    private final List<JsonNode> events = new ArrayList<>();

    Events(Process process) {
      this.process = process;
    }

    synchronized void add(JsonNode event) {
      events.add(event);
    }

    synchronized List<JsonNode> snapshot() {
      return List.copyOf(events);
    }

    /** Index of the first event matching, or -1. */
    synchronized int indexOf(Predicate<JsonNode> match) {
      for (int i = 0; i < events.size(); i++) {
        if (match.test(events.get(i))) {
          return i;
        }
      }
      return -1;
    }

    /** Index of the first event of this type for this object name, or -1. */
    int indexOf(String type, String name) {
      return indexOf(e -> e.path("type").asText().equals(type) && name(e.path("object")).equals(name));
    }

    /** Waits until some event matches. */
    void await(Predicate<JsonNode> match) {
      eventually().until(() -> indexOf(match) >= 0);
    }

    @Override
    public void close() {
      process.destroy();
    }
  }

  static Predicate<JsonNode> named(String name) {
    return e -> name(e.path("object")).equals(name);
  }

  /** A StatefulSet manifest (with its headless Service) built in code. */
  static final class Sts {
    String name = "web";
    int replicas = 3;
    String policy = "OrderedReady";
    String image = "registry.k8s.io/nginx-slim:0.24";
    Integer minReadySeconds;
    Integer ordinalsStart;
    String updateStrategy;
    String retention;
    boolean claims = true;
    String templateAnnotations;
    int grace = 10;
    Integer readinessDelay;
    String claimLabels;

    Sts claimLabels(String yamlFlow) {
      claimLabels = yamlFlow;
      return this;
    }

    Sts readinessDelay(int seconds) {
      readinessDelay = seconds;
      return this;
    }

    Sts minReadySeconds(int seconds) {
      minReadySeconds = seconds;
      return this;
    }

    Sts replicas(int r) {
      replicas = r;
      return this;
    }

    Sts parallel() {
      policy = "Parallel";
      return this;
    }

    Sts image(String i) {
      image = i;
      return this;
    }

    Sts updateStrategy(String yamlFlow) {
      updateStrategy = yamlFlow;
      return this;
    }

    Sts retention(String yamlFlow) {
      retention = yamlFlow;
      return this;
    }

    Sts ordinalsStart(int start) {
      ordinalsStart = start;
      return this;
    }

    Sts noClaims() {
      claims = false;
      return this;
    }

    Sts annotations(String yamlFlow) {
      templateAnnotations = yamlFlow;
      return this;
    }

    Sts grace(int seconds) {
      grace = seconds;
      return this;
    }

    String yaml() {
      StringBuilder y = new StringBuilder();
      y.append("""
          apiVersion: v1
          kind: Service
          metadata:
            name: nginx
          spec:
            clusterIP: None
            selector: {app: nginx}
            ports:
            - {name: web, port: 80}
          ---
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: %s
          spec:
            serviceName: nginx
            replicas: %d
            podManagementPolicy: %s
            selector:
              matchLabels: {app: nginx}
          """.formatted(name, replicas, policy));
      if (minReadySeconds != null) {
        y.append("  minReadySeconds: ").append(minReadySeconds).append('\n');
      }
      if (ordinalsStart != null) {
        y.append("  ordinals: {start: ").append(ordinalsStart).append("}\n");
      }
      if (updateStrategy != null) {
        y.append("  updateStrategy: ").append(updateStrategy).append('\n');
      }
      if (retention != null) {
        y.append("  persistentVolumeClaimRetentionPolicy: ").append(retention).append('\n');
      }
      y.append("""
            template:
              metadata:
                labels: {app: nginx}
          """);
      if (templateAnnotations != null) {
        y.append("      annotations: ").append(templateAnnotations).append('\n');
      }
      y.append("""
              spec:
                terminationGracePeriodSeconds: %d
                containers:
                - name: nginx
                  image: %s
                  ports:
                  - {containerPort: 80, name: web}
          """.formatted(grace, image));
      if (readinessDelay != null) {
        y.append("""
                    readinessProbe:
                      httpGet: {path: /, port: 80}
                      initialDelaySeconds: %d
            """.formatted(readinessDelay));
      }
      if (claims) {
        y.append("""
                    volumeMounts:
                    - {name: www, mountPath: /usr/share/nginx/html}
              volumeClaimTemplates:
              - metadata:
                  name: www
            """);
        if (claimLabels != null) {
          y.append("      labels: ").append(claimLabels).append('\n');
        }
        y.append("""
                spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests:
                      storage: 1Gi
            """);
      }
      return y.toString();
    }
  }

  static void assertHeader(String table, String... columns) {
    assertThat(table.lines().findFirst().orElseThrow().trim().split("\\s{2,}")).containsExactly(columns);
  }
}
