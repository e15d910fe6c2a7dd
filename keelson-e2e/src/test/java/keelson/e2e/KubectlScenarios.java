package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tutorial's kubectl commands and the everyday ones around them, against a real server with
 * the real kubectl. Each test works in its own namespace; subclasses choose the storage backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KubectlScenarios {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** One directory per class (the server's data, manifests, kubectl's cache). */
  final Path temp = TempDirs.create(getClass().getSimpleName());

  KeelsonProcess server;
  Kubectl kubectl;

  /** Returns the {@code --storage} value to run against, starting whatever it needs. */
  abstract String storage(Path temp) throws Exception;

  /** Releases whatever {@link #storage} started. */
  void stopStorage() {}

  @BeforeAll
  void startServer() throws Exception {
    Kubectl.requireInstalled();
    server = KeelsonProcess.start(temp, storage(temp));
    kubectl = new Kubectl(server, temp.resolve("kube-cache"));
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    stopStorage();
  }

  /** Creates a fresh namespace for one test. */
  String namespace() {
    String name = "e2e-" + NAMESPACES.incrementAndGet();
    String manifest = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n";
    assertThat(kubectl.run(Map.of(), manifest, "apply", "-f", "-").ok()).isEqualTo("namespace/" + name + " created\n");
    return name;
  }

  @Test
  void createsAndDeletesANamespace() {
    String name = "created-" + NAMESPACES.incrementAndGet();
    assertThat(kubectl.run("create", "namespace", name).ok()).isEqualTo("namespace/" + name + " created\n");
    assertThat(kubectl.run("get", "namespace", name, "-o", "jsonpath={.status.phase}").ok()).isEqualTo("Active");
    kubectl.run("create", "configmap", "inside", "-n", name, "--from-literal=a=b").ok();

    assertThat(kubectl.run("delete", "namespace", name).ok()).isEqualTo("namespace \"" + name + "\" deleted\n");
    assertThat(kubectl.run("get", "namespace", name).stderr())
        .isEqualTo("Error from server (NotFound): namespaces \"" + name + "\" not found\n");
  }

  @Test
  void appliesTheTutorialManifestsThenReportsUnchangedAndConfigured() {
    String ns = namespace();
    Path ds = Manifests.copy("sample-ds.yaml", temp);
    Path headless = Manifests.copy("sample-headless.yaml", temp);

    assertThat(kubectl.run("apply", "-n", ns, "-f", ds.toString()).ok())
        .isEqualTo("daemonset.apps/sample-ds created\n");
    assertThat(kubectl.run("apply", "-n", ns, "-f", headless.toString()).ok())
        .isEqualTo("service/sample-headless created\nstatefulset.apps/sample-statefulset-headless created\n");

    assertThat(kubectl.run("apply", "-n", ns, "-f", ds.toString()).ok())
        .isEqualTo("daemonset.apps/sample-ds unchanged\n");
    assertThat(kubectl.run("apply", "-n", ns, "-f", headless.toString()).ok())
        .isEqualTo("service/sample-headless unchanged\nstatefulset.apps/sample-statefulset-headless unchanged\n");

    Path changed = Manifests.edited("sample-ds.yaml", temp, "nginx:1.16", "nginx:1.17");
    assertThat(kubectl.run("apply", "-n", ns, "-f", changed.toString()).ok())
        .isEqualTo("daemonset.apps/sample-ds configured\n");
    assertThat(kubectl.run("get", "ds", "sample-ds", "-n", ns, "-o",
        "jsonpath={.spec.template.spec.containers[0].image} {.metadata.generation}").ok())
        .isEqualTo("nginx:1.17 2");

    Path ports = Manifests.edited("sample-headless.yaml", temp, "port: 80\n", "port: 8080\n");
    assertThat(kubectl.run("apply", "-n", ns, "-f", ports.toString()).ok())
        .isEqualTo("service/sample-headless configured\nstatefulset.apps/sample-statefulset-headless unchanged\n");
    assertThat(kubectl.run("get", "svc", "sample-headless", "-n", ns, "-o", "jsonpath={.spec.ports[*].port}").ok())
        .as("the strategic merge patch replaced the port instead of adding one").isEqualTo("8080");
  }

  @Test
  void refusesTheTutorialsBrokenStatefulSetAndStoresNothing() {
    String ns = namespace();
    Path broken = Manifests.copy("sample-statefulset-broken.yaml", temp);

    Kubectl.Result result = kubectl.run("apply", "-n", ns, "-f", broken.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).isEqualTo("Error from server (BadRequest): error when creating \"" + broken
        + "\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: "
        + "unknown field \"spec.templates\"\n");
    Kubectl.Result get = kubectl.run("get", "statefulsets", "-n", ns);
    assertThat(get.stderr()).isEqualTo("No resources found in " + ns + " namespace.\n");
  }

  @Test
  void getPrintsKubernetesColumnsAndFormats() throws IOException {
    String ns = namespace();
    kubectl.run("apply", "-n", ns, "-f", Manifests.copy("sample-headless.yaml", temp).toString()).ok();
    kubectl.run("apply", "-n", ns, "-f", Manifests.copy("sample-statefulset.yaml", temp).toString()).ok();

    String wide = kubectl.run("get", "statefulsets", "-n", ns, "-o", "wide").ok();
    assertThat(wide.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "READY", "AGE", "CONTAINERS", "IMAGES");
    // READY is however many pods started since the apply: the columns are what is checked here.
    assertThat(wide).containsPattern("sample-statefulset\\s+[0-3]/3\\s+\\S+\\s+nginx-container\\s+nginx:1.16");

    String services = kubectl.run("get", "svc", "-n", ns).ok();
    assertThat(services).containsPattern("sample-headless\\s+ClusterIP\\s+None\\s+<none>\\s+80/TCP\\s+\\S+");

    assertThat(kubectl.run("get", "sts", "-n", ns, "-o", "name").ok())
        .isEqualTo("statefulset.apps/sample-statefulset\nstatefulset.apps/sample-statefulset-headless\n");
    kubectl.run("label", "sts", "sample-statefulset", "-n", ns, "tier=web").ok();
    assertThat(kubectl.run("get", "sts", "-n", ns, "-l", "tier=web", "-o", "name").ok())
        .isEqualTo("statefulset.apps/sample-statefulset\n");
    assertThat(kubectl.run("get", "sts", "-n", ns, "-l", "tier in (web,db),!legacy", "-o", "name").ok())
        .isEqualTo("statefulset.apps/sample-statefulset\n");
    assertThat(kubectl.run("get", "sts", "-n", ns, "-l", "tier=other").stderr())
        .isEqualTo("No resources found in " + ns + " namespace.\n");

    JsonNode sts = JSON.readTree(kubectl.run("get", "sts", "sample-statefulset", "-n", ns, "-o", "json").ok());
    assertThat(sts.path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(sts.path("metadata").path("generation").asInt()).isEqualTo(1);
    assertThat(sts.path("spec").path("podManagementPolicy").asText()).isEqualTo("OrderedReady");
    assertThat(sts.path("spec").path("revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(sts.path("spec").path("template").path("spec").path("restartPolicy").asText()).isEqualTo("Always");

    String yaml = kubectl.run("get", "sts", "sample-statefulset-headless", "-n", ns, "-o", "yaml").ok();
    assertThat(yaml).contains("updateStrategy:\n    rollingUpdate:\n      partition: 0\n    type: RollingUpdate");

    assertThat(kubectl.run("get", "sts", "sample-statefulset", "-n", ns, "-o", "jsonpath={.spec.replicas}").ok())
        .isEqualTo("3");

    String all = kubectl.run("get", "all", "-n", ns).ok();
    assertThat(all).contains("service/sample-headless").contains("statefulset.apps/sample-statefulset");
  }

  @Test
  void scaleLabelAndAnnotate() {
    String ns = namespace();
    kubectl.run("apply", "-n", ns, "-f", Manifests.copy("sample-statefulset.yaml", temp).toString()).ok();

    assertThat(kubectl.run("scale", "statefulset", "sample-statefulset", "-n", ns, "--replicas=5").ok())
        .isEqualTo("statefulset.apps/sample-statefulset scaled\n");
    assertThat(kubectl.run("get", "sts", "sample-statefulset", "-n", ns, "-o",
        "jsonpath={.spec.replicas} {.metadata.generation}").ok()).isEqualTo("5 2");

    assertThat(kubectl.run("label", "sts", "sample-statefulset", "-n", ns, "tier=web").ok())
        .isEqualTo("statefulset.apps/sample-statefulset labeled\n");
    assertThat(kubectl.run("annotate", "sts", "sample-statefulset", "-n", ns, "owner=team-a").ok())
        .isEqualTo("statefulset.apps/sample-statefulset annotated\n");
    assertThat(kubectl.run("get", "sts", "sample-statefulset", "-n", ns, "-o",
        "jsonpath={.metadata.labels.tier} {.metadata.annotations.owner} {.metadata.generation}").ok())
        .as("metadata changes do not bump the generation").isEqualTo("web team-a 2");
  }

  @Test
  void replaceRefusesAStaleCopyAndEditUpdates() throws IOException {
    // A ConfigMap: no controller writes to it, so "stale" is only what this test makes stale.
    String ns = namespace();
    kubectl.run("create", "configmap", "settings", "-n", ns, "--from-literal=replicas=5").ok();

    String current = kubectl.run("get", "configmap", "settings", "-n", ns, "-o", "yaml").ok();
    Path fresh = temp.resolve("fresh.yaml");
    Files.writeString(fresh, current.replace("replicas: \"5\"", "replicas: \"2\""));
    assertThat(kubectl.run("replace", "-f", fresh.toString()).ok())
        .isEqualTo("configmap/settings replaced\n");
    Kubectl.Result stale = kubectl.run("replace", "-f", fresh.toString());
    assertThat(stale.exitCode()).isEqualTo(1);
    assertThat(stale.stderr()).contains("Error from server (Conflict)")
        .contains("the object has been modified; please apply your changes to the latest version and try again");

    Kubectl.Result edit = kubectl.run(Map.of("KUBE_EDITOR", "sed -i 's/replicas: \"2\"/replicas: \"4\"/'"), null,
        "edit", "configmap", "settings", "-n", ns);
    assertThat(edit.ok()).isEqualTo("configmap/settings edited\n");
    assertThat(kubectl.run("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.replicas}").ok())
        .isEqualTo("4");
  }

  @Test
  void explainsValidationErrorsAsKubeApiserver() throws IOException {
    String ns = namespace();
    Path mismatch = Manifests.edited("sample-statefulset.yaml", temp, "      labels:\n        app: sample-app",
        "      labels:\n        app: web");
    Kubectl.Result result = kubectl.run("apply", "-n", ns, "-f", mismatch.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).isEqualTo("The StatefulSet \"sample-statefulset\" is invalid: "
        + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: "
        + "`selector` does not match template `labels`\n");

    Path negative = Manifests.edited("sample-statefulset.yaml", temp, "replicas: 3", "replicas: -1");
    assertThat(kubectl.run("apply", "-n", ns, "-f", negative.toString()).stderr())
        .isEqualTo("The StatefulSet \"sample-statefulset\" is invalid: spec.replicas: Invalid value: -1: "
            + "must be greater than or equal to 0\n");

    Kubectl.Result missing = kubectl.run("get", "sts", "nosuch", "-n", ns);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .isEqualTo("Error from server (NotFound): statefulsets.apps \"nosuch\" not found\n");
  }

  @Test
  void deletesByNameAndByFile() {
    String ns = namespace();
    Path headless = Manifests.copy("sample-headless.yaml", temp);
    Path ds = Manifests.copy("sample-ds.yaml", temp);
    kubectl.run("apply", "-n", ns, "-f", headless.toString()).ok();
    kubectl.run("apply", "-n", ns, "-f", ds.toString()).ok();

    assertThat(kubectl.run("delete", "ds", "sample-ds", "-n", ns).ok())
        .isEqualTo("daemonset.apps \"sample-ds\" deleted\n");
    assertThat(kubectl.run("delete", "-n", ns, "-f", headless.toString()).ok())
        .isEqualTo("service \"sample-headless\" deleted\nstatefulset.apps \"sample-statefulset-headless\" deleted\n");
    // The StatefulSet's pods terminate gracefully after their owner is gone, as on Kubernetes.
    await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("get", "all", "-n", ns).stderr()
        .equals("No resources found in " + ns + " namespace.\n"));
  }

  @Test
  void watchPrintsChangesAsTheyHappen() throws Exception {
    String ns = namespace();
    kubectl.run("apply", "-n", ns, "-f", Manifests.copy("sample-statefulset.yaml", temp).toString()).ok();
    Process watch = kubectl.start("get", "sts", "-n", ns, "-w", "-o", "jsonpath={.spec.replicas}{\"\\n\"}");
    try {
      StringBuilder seen = new StringBuilder();
      Thread reader = Thread.ofVirtual().start(() -> {
        try {
          int c;
          while ((c = watch.getInputStream().read()) >= 0) {
            synchronized (seen) {
              seen.append((char) c);
            }
          }
        } catch (IOException ignored) {
          // the process was stopped
        }
      });
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        synchronized (seen) {
          return seen.toString().contains("3\n");
        }
      });
      kubectl.run("scale", "sts", "sample-statefulset", "-n", ns, "--replicas=7").ok();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        synchronized (seen) {
          return seen.toString().contains("7\n");
        }
      });
      reader.interrupt();
    } finally {
      watch.destroyForcibly();
    }
  }
}
