package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The everyday commands with older and newer kubectl clients: the versioned binaries beside the
 * dispatcher (1.27, 1.30, 1.32, 1.33) run directly against one server, each in its own namespace
 * and with its own discovery cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlVersionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Path temp = TempDirs.create(getClass().getSimpleName());
  private KeelsonProcess server;

  @BeforeAll
  void startServer() {
    server = KeelsonProcess.start(temp, "sqlite");
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private Kubectl kubectl(String minor) {
    return Kubectl.version(server, temp.resolve("kube-cache-" + minor + "-" + RUNS.incrementAndGet()), minor);
  }

  private static String namespace(Kubectl kubectl, String minor) {
    String name = "v" + minor.replace(".", "-") + "-" + RUNS.incrementAndGet();
    assertThat(kubectl.run("create", "namespace", name).ok()).isEqualTo("namespace/" + name + " created\n");
    return name;
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.30", "1.32", "1.33"})
  void reportsItsOwnVersionAndTheServers(String minor) throws Exception {
    Kubectl kubectl = kubectl(minor);
    JsonNode version = JSON.readTree(kubectl.run("version", "-o", "json").ok());
    assertThat(version.path("clientVersion").path("gitVersion").asText()).startsWith("v" + minor + ".");
    assertThat(version.path("serverVersion").path("major").asText()).isEqualTo("1");
    assertThat(version.path("serverVersion").path("minor").asText()).isEqualTo("32");
    assertThat(kubectl.run("api-versions").ok()).contains("apps/v1\n").contains("v1\n");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.30", "1.32", "1.33"})
  void appliesGetsDescribesScalesAndDeletes(String minor) {
    Kubectl kubectl = kubectl(minor);
    String ns = namespace(kubectl, minor);
    Path headless = Manifests.copy("sample-headless.yaml", temp);

    assertThat(kubectl.run("apply", "-n", ns, "-f", headless.toString()).ok())
        .isEqualTo("service/sample-headless created\nstatefulset.apps/sample-statefulset-headless created\n");
    assertThat(kubectl.run("apply", "-n", ns, "-f", headless.toString()).ok())
        .isEqualTo("service/sample-headless unchanged\nstatefulset.apps/sample-statefulset-headless unchanged\n");
    Path ports = Manifests.edited("sample-headless.yaml", temp, "port: 80\n", "port: 8080\n");
    assertThat(kubectl.run("apply", "-n", ns, "-f", ports.toString()).ok())
        .isEqualTo("service/sample-headless configured\nstatefulset.apps/sample-statefulset-headless unchanged\n");
    assertThat(kubectl.run("get", "svc", "sample-headless", "-n", ns, "-o", "jsonpath={.spec.ports[*].port}").ok())
        .isEqualTo("8080");

    String wide = kubectl.run("get", "sts", "-n", ns, "-o", "wide").ok();
    assertThat(wide.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "READY", "AGE", "CONTAINERS", "IMAGES");
    assertThat(wide).containsPattern("sample-statefulset-headless\\s+\\d/3\\s+\\S+\\s+nginx-container\\s+amsy810/echo-nginx:v2.0");

    String described = kubectl.run("describe", "sts", "sample-statefulset-headless", "-n", ns).ok();
    assertThat(described).containsPattern("(?m)^Name:\\s+sample-statefulset-headless$")
        .containsPattern("(?m)^Namespace:\\s+" + ns + "$")
        .containsPattern("(?m)^Replicas:\\s+3 desired \\| \\d+ total$");

    assertThat(kubectl.run("scale", "sts", "sample-statefulset-headless", "-n", ns, "--replicas=1").ok())
        .isEqualTo("statefulset.apps/sample-statefulset-headless scaled\n");
    assertThat(kubectl.run("get", "sts", "sample-statefulset-headless", "-n", ns, "-o",
        "jsonpath={.spec.replicas} {.metadata.generation}").ok()).isEqualTo("1 2");

    assertThat(kubectl.run("delete", "-n", ns, "-f", headless.toString()).ok())
        .isEqualTo("service \"sample-headless\" deleted\nstatefulset.apps \"sample-statefulset-headless\" deleted\n");
    assertThat(kubectl.run("get", "sts", "sample-statefulset-headless", "-n", ns).stderr())
        .isEqualTo("Error from server (NotFound): statefulsets.apps \"sample-statefulset-headless\" not found\n");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.30", "1.32", "1.33"})
  void watchesAndWaits(String minor) {
    Kubectl kubectl = kubectl(minor);
    String ns = namespace(kubectl, minor);
    kubectl.run("create", "configmap", "settings", "-n", ns, "--from-literal=mode=a").ok();

    try (StreamedOutput watch = new StreamedOutput(kubectl.startQuiet("get", "configmap", "settings", "-n", ns,
        "-w", "-o", "jsonpath={.data.mode}{\"\\n\"}"))) {
      watch.awaitContains("a\n", Duration.ofSeconds(30));
      kubectl.run("patch", "configmap", "settings", "-n", ns, "--type=merge", "-p", "{\"data\":{\"mode\":\"b\"}}").ok();
      watch.awaitContains("b\n", Duration.ofSeconds(30));
    }

    assertThat(kubectl.run("wait", "--for=jsonpath={.data.mode}=b", "configmap/settings", "-n", ns,
        "--timeout=60s").ok()).isEqualTo("configmap/settings condition met\n");
    kubectl.run("delete", "configmap", "settings", "-n", ns).ok();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        kubectl.run(Map.of(), null, "get", "configmap", "-n", ns).stderr().equals("No resources found in " + ns + " namespace.\n"));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.30", "1.32", "1.33"})
  void validatesOnTheServerAndDiffs(String minor) {
    // kubectl 1.27 finds the fieldValidation parameter, and computes diffs, through /openapi/v2.
    Kubectl kubectl = kubectl(minor);
    String ns = namespace(kubectl, minor);
    String deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: " + ns + "\n"
        + "spec:\n  foo: bar\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n"
        + "      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n";
    Kubectl.Result strict = kubectl.run(Map.of(), deployment, "apply", "-f", "-");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.stderr()).isEqualTo("Error from server (BadRequest): error when creating \"STDIN\": Deployment in "
        + "version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.foo\"\n");

    String configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: " + ns
        + "\ndata:\n  mode: fast\n";
    kubectl.run(Map.of(), configMap, "apply", "-f", "-").ok();
    Kubectl.Result same = kubectl.run(Map.of(), configMap, "diff", "-f", "-");
    assertThat(same.exitCode()).as(same.stderr()).isZero();
    assertThat(same.stdout()).isEmpty();
    Kubectl.Result changed = kubectl.run(Map.of(), configMap.replace("fast", "slow"), "diff", "-f", "-");
    assertThat(changed.exitCode()).as(changed.stderr()).isEqualTo(1);
    assertThat(changed.stdout()).contains("-  mode: fast\n+  mode: slow\n");
  }
}
