package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The everyday kubectl commands beyond apply and get (issue 5): each checks what the command did
 * to the cluster and what kubectl printed, as against kube-apiserver 1.32. One server; each test
 * works in its own namespace, and the node commands undo what they do to the shared nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final Path temp = TempDirs.create(getClass().getSimpleName());
  private KeelsonProcess server;
  private Kubectl kubectl;

  @BeforeAll
  void startServer() {
    Kubectl.requireInstalled();
    server = KeelsonProcess.start(temp, "sqlite");
    kubectl = new Kubectl(server, temp.resolve("kube-cache"));
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private String namespace() {
    String name = "cmd-" + NAMESPACES.incrementAndGet();
    kubectl.run("create", "namespace", name).ok();
    return name;
  }

  private Path file(String name, String text) throws IOException {
    return Files.writeString(temp.resolve(name), text);
  }

  private JsonNode json(String... args) throws IOException {
    return JSON.readTree(kubectl.run(args).ok());
  }

  private void configMap(String ns, String name, String... labels) {
    kubectl.run("create", "configmap", name, "-n", ns, "--from-literal=k=" + name).ok();
    if (labels.length > 0) {
      String[] args = new String[labels.length + 5];
      args[0] = "label";
      args[1] = "configmap";
      args[2] = name;
      args[3] = "-n";
      args[4] = ns;
      System.arraycopy(labels, 0, args, 5, labels.length);
      kubectl.run(args).ok();
    }
  }

  @Test
  void createsWorkloadsAndServicesImperatively() throws IOException {
    String ns = namespace();
    assertThat(kubectl.run("create", "deployment", "web", "-n", ns, "--image=nginx:1.25", "--replicas=2",
        "--port=8080").ok()).isEqualTo("deployment.apps/web created\n");
    assertThat(kubectl.run("create", "service", "clusterip", "front", "-n", ns, "--tcp=80:8080").ok())
        .isEqualTo("service/front created\n");
    assertThat(kubectl.run("create", "configmap", "settings", "-n", ns, "--from-literal=mode=fast").ok())
        .isEqualTo("configmap/settings created\n");
    assertThat(kubectl.run("create", "secret", "generic", "creds", "-n", ns, "--from-literal=password=s3cret").ok())
        .isEqualTo("secret/creds created\n");
    assertThat(kubectl.run("run", "solo", "-n", ns, "--image=busybox:1.36", "--labels=role=solo").ok())
        .isEqualTo("pod/solo created\n");
    assertThat(kubectl.run("expose", "deployment", "web", "-n", ns, "--name=web-svc", "--port=80",
        "--target-port=8080").ok()).isEqualTo("service/web-svc exposed\n");

    JsonNode deployment = json("get", "deployment", "web", "-n", ns, "-o", "json");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(deployment.at("/spec/selector/matchLabels/app").asText()).isEqualTo("web");
    assertThat(deployment.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.25");
    assertThat(deployment.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt()).isEqualTo(8080);
    JsonNode exposed = json("get", "service", "web-svc", "-n", ns, "-o", "json");
    assertThat(exposed.at("/spec/selector/app").asText()).as("expose copies the deployment's selector").isEqualTo("web");
    assertThat(exposed.at("/spec/ports/0/port").asInt()).isEqualTo(80);
    assertThat(exposed.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    assertThat(exposed.at("/spec/clusterIP").asText()).startsWith("10.");
    assertThat(json("get", "service", "front", "-n", ns, "-o", "json").at("/spec/selector/app").asText())
        .isEqualTo("front");
    assertThat(kubectl.run("get", "secret", "creds", "-n", ns, "-o", "jsonpath={.type} {.data.password}").ok())
        .isEqualTo("Opaque czNjcmV0");
    assertThat(kubectl.run("get", "pod", "solo", "-n", ns, "-o", "jsonpath={.metadata.labels.role} {.spec.containers[0].name}").ok())
        .isEqualTo("solo solo");
    await().atMost(Duration.ofSeconds(60)).until(() ->
        kubectl.run("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.status.readyReplicas}").ok().equals("2"));
    assertThat(kubectl.run("get", "deployment", "web", "-n", ns).ok())
        .containsPattern("(?m)^web\\s+2/2\\s+2\\s+2\\s+\\S+$");
  }

  @Test
  void getListsAcrossKindsAndNamespacesWithLabelsSortedAndInCustomColumns() {
    String ns = namespace();
    String other = namespace();
    configMap(ns, "charlie", "tier=db", "app=c");
    configMap(ns, "alpha", "tier=web");
    configMap(ns, "bravo");
    configMap(other, "delta", "tier=web");
    kubectl.run("create", "service", "clusterip", "front", "-n", ns, "--tcp=80:8080").ok();
    kubectl.run("create", "deployment", "web", "-n", ns, "--image=nginx:1.25").ok();

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kubectl.run("get", "all", "-n", ns).ok())
        .containsPattern("(?m)^pod/web-[a-z0-9]+-[a-z0-9]{5}\\s+1/1\\s+Running")
        .containsPattern("(?m)^service/front\\s+ClusterIP\\s+10\\.\\S+\\s+<none>\\s+80/TCP")
        .containsPattern("(?m)^deployment\\.apps/web\\s+1/1\\s+1\\s+1\\s")
        .containsPattern("(?m)^replicaset\\.apps/web-[a-z0-9]+\\s+1\\s+1\\s+1\\s"));

    String everywhere = kubectl.run("get", "configmaps", "-A", "-l", "tier=web").ok();
    assertThat(everywhere.lines().toList()).hasSize(3);
    assertThat(everywhere.lines().findFirst().orElseThrow().split("\\s+")).containsExactly("NAMESPACE", "NAME", "DATA", "AGE");
    assertThat(everywhere).containsPattern("(?m)^" + ns + "\\s+alpha\\s+1\\s").containsPattern("(?m)^" + other + "\\s+delta\\s+1\\s");

    String labelled = kubectl.run("get", "configmaps", "-n", ns, "--show-labels").ok();
    assertThat(labelled.lines().findFirst().orElseThrow().split("\\s+")).containsExactly("NAME", "DATA", "AGE", "LABELS");
    assertThat(labelled).containsPattern("(?m)^charlie\\s+1\\s+\\S+\\s+app=c,tier=db$")
        .containsPattern("(?m)^bravo\\s+1\\s+\\S+\\s+<none>$");

    String columns = kubectl.run("get", "configmaps", "-n", ns, "-L", "tier", "-L", "app").ok();
    assertThat(columns.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "DATA", "AGE", "TIER", "APP");
    assertThat(columns).containsPattern("(?m)^charlie\\s+1\\s+\\S+\\s+db\\s+c$")
        .containsPattern("(?m)^alpha\\s+1\\s+\\S+\\s+web\\s*$");

    assertThat(kubectl.run("get", "configmaps", "-n", ns, "--sort-by=.metadata.name", "-o", "name").ok())
        .isEqualTo("configmap/alpha\nconfigmap/bravo\nconfigmap/charlie\n");
    assertThat(kubectl.run("get", "configmaps", "-n", ns, "--sort-by=.metadata.name").ok().lines()
        .skip(1).map(line -> line.split("\\s+")[0]).toList()).containsExactly("alpha", "bravo", "charlie");

    assertThat(kubectl.run("get", "configmaps", "-n", ns, "--sort-by=.metadata.name",
        "-o", "custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,VALUE:.data.k").ok())
        .isEqualTo("NAME      TIER     VALUE\nalpha     web      alpha\nbravo     <none>   bravo\ncharlie   db       charlie\n");
  }

  @Test
  void fieldSelectorsFilterByTheFieldsEachKindSupports() {
    String ns = namespace();
    configMap(ns, "one");
    configMap(ns, "two");
    kubectl.run("create", "secret", "generic", "plain", "-n", ns, "--from-literal=a=b").ok();
    kubectl.run("create", "secret", "docker-registry", "pull", "-n", ns, "--docker-server=r.example",
        "--docker-username=u", "--docker-password=p").ok();
    kubectl.run("run", "solo", "-n", ns, "--image=busybox:1.36").ok();
    await().atMost(Duration.ofSeconds(60)).until(() ->
        kubectl.run("get", "pod", "solo", "-n", ns, "-o", "jsonpath={.status.phase}").ok().equals("Running"));
    String node = kubectl.run("get", "pod", "solo", "-n", ns, "-o", "jsonpath={.spec.nodeName}").ok();

    assertThat(kubectl.run("get", "configmaps", "-n", ns, "--field-selector=metadata.name=two", "-o", "name").ok())
        .isEqualTo("configmap/two\n");
    assertThat(kubectl.run("get", "configmaps", "-n", ns, "--field-selector=metadata.name!=two", "-o", "name").ok())
        .isEqualTo("configmap/one\n");
    assertThat(kubectl.run("get", "secrets", "-n", ns, "--field-selector=type=kubernetes.io/dockerconfigjson", "-o", "name").ok())
        .isEqualTo("secret/pull\n");
    assertThat(kubectl.run("get", "pods", "-n", ns, "--field-selector=status.phase=Running,spec.nodeName=" + node, "-o", "name").ok())
        .isEqualTo("pod/solo\n");
    assertThat(kubectl.run("get", "pods", "-n", ns, "--field-selector=status.phase=Pending").stderr())
        .isEqualTo("No resources found in " + ns + " namespace.\n");
    assertThat(kubectl.run("get", "nodes", "--field-selector=metadata.name=" + node, "-o", "name").ok())
        .isEqualTo("node/" + node + "\n");

    Kubectl.Result pods = kubectl.run("get", "pods", "-n", ns, "--field-selector=spec.containers=x");
    assertThat(pods.exitCode()).isEqualTo(1);
    assertThat(pods.stderr()).isEqualTo("Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match "
        + "label selector \"\", field selector \"spec.containers=x\": field label not supported: spec.containers\n");
    Kubectl.Result deployments = kubectl.run("get", "deployments", "-n", ns, "--field-selector=status.replicas=2");
    assertThat(deployments.stderr()).isEqualTo("Error from server (BadRequest): Unable to find \"apps/v1, Resource=deployments\" "
        + "that match label selector \"\", field selector \"status.replicas=2\": \"status.replicas\" is not a known field "
        + "selector: only \"metadata.name\", \"metadata.namespace\"\n");
  }

  @Test
  void paginatesInChunksFromOneSnapshot() throws IOException {
    String ns = namespace();
    for (String name : List.of("c1", "c2", "c3", "c4", "c5")) {
      configMap(ns, name);
    }
    Kubectl.Result chunked = kubectl.run("get", "configmaps", "-n", ns, "--chunk-size=2", "-o", "name", "-v=6");
    assertThat(chunked.ok()).isEqualTo("configmap/c1\nconfigmap/c2\nconfigmap/c3\nconfigmap/c4\nconfigmap/c5\n");
    assertThat(chunked.stderr().lines().filter(l -> l.contains("/configmaps?") && l.contains("limit=2")).count())
        .as("three requests of two, two and one").isEqualTo(3);
    assertThat(chunked.stderr()).contains("continue=");
    String table = kubectl.run("get", "configmaps", "-n", ns, "--chunk-size=2").ok();
    assertThat(table.lines().map(line -> line.split("\\s+")[0]).toList())
        .as("the pages of Tables print as one table").containsExactly("NAME", "c1", "c2", "c3", "c4", "c5");

    JsonNode first = json("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps?limit=2");
    assertThat(first.at("/items").size()).isEqualTo(2);
    assertThat(first.at("/metadata/remainingItemCount").asInt()).isEqualTo(3);
    String token = first.at("/metadata/continue").asText();
    String snapshot = first.at("/metadata/resourceVersion").asText();
    kubectl.run("delete", "configmap", "c5", "-n", ns).ok();
    configMap(ns, "c6");
    JsonNode rest = json("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps?limit=10&continue=" + token);
    assertThat(rest.at("/items").findValuesAsText("name")).as("the later pages come from the first page's snapshot")
        .containsExactly("c3", "c4", "c5");
    assertThat(rest.at("/metadata/resourceVersion").asText()).isEqualTo(snapshot);
    assertThat(rest.at("/metadata").has("continue")).isFalse();

    Kubectl.Result bad = kubectl.run("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps?limit=2&continue=bm9wZQ");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.stderr()).isEqualTo("Error from server (BadRequest): continue key is not valid: incorrect encoded start "
        + "resourceVersion (version meta.k8s.io/v1)\n");
  }

  @Test
  void readsAtResourceVersionsAsAsked() throws IOException {
    String ns = namespace();
    configMap(ns, "kept");
    configMap(ns, "dropped");
    String before = json("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps").at("/metadata/resourceVersion").asText();
    kubectl.run("delete", "configmap", "dropped", "-n", ns).ok();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(json("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=0")
            .at("/items").findValuesAsText("name")).containsExactly("kept"));
    assertThat(json("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=" + before
        + "&resourceVersionMatch=Exact").at("/items").findValuesAsText("name"))
        .as("an exact read sees the state at that version").containsExactly("dropped", "kept");
    assertThat(json("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=" + before
        + "&resourceVersionMatch=NotOlderThan").at("/items").findValuesAsText("name")).containsExactly("kept");
    assertThat(json("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps/kept?resourceVersion=0")
        .at("/data/k").asText()).isEqualTo("kept");

    assertThat(kubectl.run("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps?resourceVersionMatch=Exact").stderr())
        .isEqualTo("The ListOptions \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden "
            + "unless resourceVersion is provided\n");
    assertThat(kubectl.run("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=0&resourceVersionMatch=Exact").stderr())
        .isEqualTo("The ListOptions \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is "
            + "forbidden for resourceVersion \"0\"\n");
  }

  @Test
  void waitsForConditionsValuesAndDeletion() throws Exception {
    String ns = namespace();
    kubectl.run("run", "solo", "-n", ns, "--image=busybox:1.36").ok();
    assertThat(kubectl.run("wait", "--for=condition=Ready", "pod/solo", "-n", ns, "--timeout=90s").ok())
        .isEqualTo("pod/solo condition met\n");
    assertThat(kubectl.run("get", "pod", "solo", "-n", ns, "-o",
        "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").ok()).isEqualTo("True");
    assertThat(kubectl.run("wait", "--for=jsonpath={.status.phase}=Running", "pod/solo", "-n", ns, "--timeout=30s").ok())
        .isEqualTo("pod/solo condition met\n");

    Kubectl.Result timedOut = kubectl.run("wait", "--for=condition=Ready=False", "pod/solo", "-n", ns, "--timeout=2s");
    assertThat(timedOut.exitCode()).isEqualTo(1);
    assertThat(timedOut.stderr()).isEqualTo("error: timed out waiting for the condition on pods/solo\n");

    try (StreamedOutput waiting = new StreamedOutput(kubectl.start("wait", "--for=delete", "pod/solo", "-n", ns,
        "--timeout=90s"))) {
      kubectl.run("delete", "pod", "solo", "-n", ns, "--wait=false").ok();
      assertThat(waiting.awaitExit(Duration.ofSeconds(90))).isZero();
      assertThat(waiting.text()).isEqualTo("pod/solo condition met\n");
    }
    assertThat(kubectl.run("get", "pod", "solo", "-n", ns).stderr())
        .isEqualTo("Error from server (NotFound): pods \"solo\" not found\n");
  }

  @Test
  void patchesWithJsonMergeAndStrategicPatches() {
    String ns = namespace();
    kubectl.run("create", "deployment", "web", "-n", ns, "--image=nginx:1.25").ok();

    assertThat(kubectl.run("patch", "deployment", "web", "-n", ns, "--type=json",
        "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]").ok())
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(kubectl.run("patch", "deployment", "web", "-n", ns, "--type=merge",
        "-p", "{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}").ok()).isEqualTo("deployment.apps/web patched\n");
    // Strategic: the container list merges on name, so the sidecar joins nginx instead of replacing
    // it; without $setElementOrder the new item goes first, as apimachinery's merge orders it.
    assertThat(kubectl.run("patch", "deployment", "web", "-n", ns, "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"busybox:1.36\"}]}}}}").ok())
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(kubectl.run("get", "deployment", "web", "-n", ns, "-o",
        "jsonpath={.spec.replicas} {.metadata.labels.tier} {.spec.template.spec.containers[*].name}").ok())
        .isEqualTo("3 front sidecar nginx");
    // kubectl says "no change" only if the object it read is the one the patch returns: let the
    // rollout the template change started settle first, or a status write in between shows as a change.
    kubectl.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s").ok();
    assertThat(kubectl.run("patch", "deployment", "web", "-n", ns, "--type=merge",
        "-p", "{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}").ok()).isEqualTo("deployment.apps/web patched (no change)\n");

    Kubectl.Result failed = kubectl.run("patch", "deployment", "web", "-n", ns, "--type=json",
        "-p", "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":9}]");
    assertThat(failed.exitCode()).isEqualTo(1);
    // kube-apiserver answers a failed JSON patch with its generic 422, which leaves out the reason.
    assertThat(failed.stderr())
        .isEqualTo("The request is invalid: the server rejected our request due to an error in our request\n");
    assertThat(kubectl.run("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").ok())
        .as("a failed test operation changes nothing").isEqualTo("3");
  }

  @Test
  void diffShowsWhatApplyWouldChangeWithKubectlsExitCodes() throws IOException {
    String ns = namespace();
    String manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: " + ns
        + "\ndata:\n  mode: fast\n";
    Path original = file("diff-original.yaml", manifest);
    Kubectl.Result absent = kubectl.run("diff", "-f", original.toString());
    assertThat(absent.exitCode()).as("a new object is a difference").isEqualTo(1);
    assertThat(absent.stdout()).contains("+  mode: fast").contains("+  name: settings");
    assertThat(kubectl.run("get", "configmap", "settings", "-n", ns).exitCode()).as("diff stores nothing").isEqualTo(1);

    kubectl.run("apply", "-f", original.toString()).ok();
    Kubectl.Result same = kubectl.run("diff", "-f", original.toString());
    assertThat(same.exitCode()).isZero();
    assertThat(same.stdout()).isEmpty();

    Path changed = file("diff-changed.yaml", manifest.replace("mode: fast", "mode: slow"));
    Kubectl.Result different = kubectl.run("diff", "-f", changed.toString());
    assertThat(different.exitCode()).isEqualTo(1);
    assertThat(different.stdout()).contains("-  mode: fast\n+  mode: slow\n")
        .contains("--- /tmp/LIVE-").contains("+++ /tmp/MERGED-");
    assertThat(kubectl.run("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.mode}").ok())
        .as("the server-side dry run changed nothing").isEqualTo("fast");

    // An object created without apply (no last-applied annotation) diffs clean against its own YAML.
    kubectl.run("create", "configmap", "plain", "-n", ns, "--from-literal=a=b").ok();
    Path live = file("diff-live.yaml", kubectl.run("get", "configmap", "plain", "-n", ns, "-o", "yaml").ok());
    Kubectl.Result clean = kubectl.run("diff", "-f", live.toString());
    assertThat(clean.stdout()).isEmpty();
    assertThat(clean.exitCode()).isZero();
  }

  @Test
  void serverSideDryRunRunsEverythingButStorage() throws IOException {
    String ns = namespace();
    assertThat(kubectl.run("create", "configmap", "ghost", "-n", ns, "--from-literal=a=b", "--dry-run=server").ok())
        .isEqualTo("configmap/ghost created (server dry run)\n");
    assertThat(kubectl.run("get", "configmap", "ghost", "-n", ns).stderr())
        .isEqualTo("Error from server (NotFound): configmaps \"ghost\" not found\n");
    JsonNode preview = json("create", "deployment", "web", "-n", ns, "--image=nginx:1.25", "--dry-run=server", "-o", "json");
    assertThat(preview.at("/metadata/uid").asText()).as("server-owned fields are filled").isNotEmpty();
    assertThat(preview.at("/spec/strategy/type").asText()).as("defaults are applied").isEqualTo("RollingUpdate");
    assertThat(preview.at("/metadata/generation").asInt()).isEqualTo(1);
    Kubectl.Result invalid = kubectl.run("create", "deployment", "Bad_Name", "-n", ns, "--image=nginx", "--dry-run=server");
    assertThat(invalid.exitCode()).as("validation runs").isEqualTo(1);
    assertThat(invalid.stderr()).startsWith("error: failed to create deployment: Deployment.apps \"Bad_Name\" is invalid: "
        + "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of");

    assertThat(kubectl.run("create", "service", "nodeport", "preview", "-n", ns, "--tcp=80:8080", "--dry-run=server",
        "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}").ok())
        .as("allocators run in a dry run too").matches("10\\.\\d+\\.\\d+\\.\\d+ 3\\d{4}");
    assertThat(kubectl.run("get", "service", "preview", "-n", ns).exitCode()).isEqualTo(1);

    kubectl.run("create", "configmap", "settings", "-n", ns, "--from-literal=mode=fast").ok();
    String version = kubectl.run("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}").ok();
    Path replacement = file("dry-replace.yaml", kubectl.run("get", "configmap", "settings", "-n", ns, "-o", "yaml").ok()
        .replace("mode: fast", "mode: slow"));
    assertThat(kubectl.run("replace", "-f", replacement.toString(), "--dry-run=server").ok())
        .isEqualTo("configmap/settings replaced (server dry run)\n");
    assertThat(kubectl.run("patch", "configmap", "settings", "-n", ns, "-p", "{\"data\":{\"mode\":\"medium\"}}",
        "--dry-run=server", "-o", "jsonpath={.data.mode}").ok()).isEqualTo("medium");
    assertThat(kubectl.run("delete", "configmap", "settings", "-n", ns, "--dry-run=server").ok())
        .isEqualTo("configmap \"settings\" deleted (server dry run)\n");
    assertThat(kubectl.run("get", "configmap", "settings", "-n", ns, "-o",
        "jsonpath={.data.mode} {.metadata.resourceVersion}").ok()).isEqualTo("fast " + version);
  }

  @Test
  void unknownFieldsAreWarnedIgnoredOrRefusedAsAsked() throws IOException {
    String ns = namespace();
    Path manifest = file("unknown-field.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: NAME\n"
        + "  namespace: " + ns + "\nspec:\n  foo: bar\n  selector:\n    matchLabels:\n      app: web\n  template:\n"
        + "    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n"
        + "        image: nginx:1.25\n");
    String text = Files.readString(manifest);

    Kubectl.Result warned = kubectl.run(Map.of(), text.replace("NAME", "warned"), "create", "-f", "-", "--validate=warn");
    assertThat(warned.ok()).isEqualTo("deployment.apps/warned created\n");
    assertThat(warned.stderr()).isEqualTo("Warning: unknown field \"spec.foo\"\n");

    Kubectl.Result ignored = kubectl.run(Map.of(), text.replace("NAME", "ignored"), "create", "-f", "-", "--validate=ignore");
    assertThat(ignored.ok()).isEqualTo("deployment.apps/ignored created\n");
    assertThat(ignored.stderr()).isEmpty();

    Kubectl.Result strict = kubectl.run(Map.of(), text.replace("NAME", "strict"), "create", "-f", "-", "--validate=strict");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.stderr()).isEqualTo("Error from server (BadRequest): error when creating \"STDIN\": Deployment in version "
        + "\"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.foo\"\n");
    assertThat(kubectl.run("get", "deployments", "-n", ns, "-o", "name").ok())
        .isEqualTo("deployment.apps/ignored\ndeployment.apps/warned\n");
  }

  @Test
  void deletesCollectionsByLabelAndAll() {
    String ns = namespace();
    configMap(ns, "a1", "group=a");
    configMap(ns, "a2", "group=a");
    configMap(ns, "b1", "group=b");
    configMap(ns, "b2", "group=b");
    configMap(ns, "c1");

    assertThat(kubectl.run("delete", "configmaps", "-n", ns, "-l", "group=a").ok())
        .isEqualTo("configmap \"a1\" deleted\nconfigmap \"a2\" deleted\n");
    // kubectl delete --raw sends one DELETE to the collection: the server's deletecollection.
    Kubectl.Result collection = kubectl.run("delete", "--raw", "/api/v1/namespaces/" + ns + "/configmaps?labelSelector=group%3Db");
    assertThat(collection.ok()).contains("\"kind\":\"ConfigMapList\"").contains("\"name\":\"b1\"").contains("\"name\":\"b2\"");
    assertThat(kubectl.run("get", "configmaps", "-n", ns, "-o", "name").ok()).isEqualTo("configmap/c1\n");

    kubectl.run("create", "deployment", "web", "-n", ns, "--image=nginx:1.25", "--replicas=2").ok();
    await().atMost(Duration.ofSeconds(60)).until(() ->
        kubectl.run("get", "pods", "-n", ns, "-o", "name").ok().lines().count() == 2);
    String deleted = kubectl.run("delete", "pods", "--all", "-n", ns).ok();
    assertThat(deleted.lines().toList()).hasSize(2).allMatch(line -> line.matches("pod \"web-[a-z0-9]+-[a-z0-9]{5}\" deleted"));
    assertThat(kubectl.run("delete", "configmaps", "--all", "-n", ns).ok()).isEqualTo("configmap \"c1\" deleted\n");
    assertThat(kubectl.run("get", "configmaps", "-n", ns).stderr()).isEqualTo("No resources found in " + ns + " namespace.\n");
  }

  @Test
  void discoveryCommandsListWhatIsServed() throws IOException {
    assertThat(kubectl.run("api-versions").ok()).isEqualTo(
        "apps/v1\ncoordination.k8s.io/v1\ndiscovery.k8s.io/v1\nevents.k8s.io/v1\nstorage.k8s.io/v1\nv1\n");
    String resources = kubectl.run("api-resources").ok();
    assertThat(resources.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND");
    assertThat(resources).containsPattern("(?m)^pods\\s+po\\s+v1\\s+true\\s+Pod$")
        .containsPattern("(?m)^nodes\\s+no\\s+v1\\s+false\\s+Node$")
        .containsPattern("(?m)^statefulsets\\s+sts\\s+apps/v1\\s+true\\s+StatefulSet$");
    assertThat(kubectl.run("api-resources", "--api-group=apps", "-o", "name").ok()).isEqualTo(
        "controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n");
    assertThat(kubectl.run("api-resources", "--namespaced=false", "-o", "name").ok())
        .isEqualTo("namespaces\nnodes\npersistentvolumes\nstorageclasses.storage.k8s.io\n");
    String wide = kubectl.run("api-resources", "-o", "wide", "--api-group=apps").ok();
    assertThat(wide).containsPattern("(?m)^daemonsets\\s+ds\\s+apps/v1\\s+true\\s+DaemonSet\\s+"
        + "create,delete,deletecollection,get,list,patch,update,watch\\s+all$");

    JsonNode version = json("version", "-o", "json");
    assertThat(version.at("/serverVersion/major").asText()).isEqualTo("1");
    assertThat(version.at("/serverVersion/minor").asText()).isEqualTo("32");
    assertThat(version.at("/serverVersion/gitVersion").asText()).startsWith("v1.32.");
    String plain = kubectl.run("version").ok();
    assertThat(plain).containsPattern("(?m)^Client Version: v1\\.32\\.\\d+\\S*$")
        .containsPattern("(?m)^Server Version: v1\\.32\\.\\d+\\S*$");
  }

  @Test
  void cordonsTaintsAndDrainsANodeThroughEvictions() throws Exception {
    String ns = namespace();
    String node = "keelson-node-2";
    try {
      kubectl.run("apply", "-n", ns, "-f", Manifests.copy("sample-ds.yaml", temp).toString()).ok();
      kubectl.run("create", "deployment", "web", "-n", ns, "--image=nginx:1.25", "--replicas=3").ok();
      kubectl.run("run", "solo", "-n", ns, "--image=busybox:1.36", "--overrides",
          "{\"spec\":{\"nodeName\":\"" + node + "\"}}").ok();
      await().atMost(Duration.ofSeconds(90)).until(() -> kubectl.run("get", "pods", "-n", ns,
          "--field-selector=spec.nodeName=" + node + ",status.phase=Running", "-o", "name").ok().contains("pod/sample-ds-")
          && kubectl.run("get", "pods", "-n", ns, "--field-selector=status.phase=Running", "-o", "name").ok().lines().count() >= 7);

      assertThat(kubectl.run("cordon", node).ok()).isEqualTo("node/" + node + " cordoned\n");
      assertThat(kubectl.run("get", "node", node).ok()).containsPattern("(?m)^" + node + "\\s+Ready,SchedulingDisabled\\s");
      assertThat(kubectl.run("cordon", node).ok()).isEqualTo("node/" + node + " already cordoned\n");
      assertThat(kubectl.run("uncordon", node).ok()).isEqualTo("node/" + node + " uncordoned\n");
      assertThat(kubectl.run("get", "node", node, "-o", "jsonpath={.spec.unschedulable}").ok()).isEmpty();

      assertThat(kubectl.run("taint", "nodes", node, "dedicated=db:NoSchedule").ok()).isEqualTo("node/" + node + " tainted\n");
      assertThat(kubectl.run("get", "node", node, "-o", "jsonpath={.spec.taints[*].key}={.spec.taints[*].value}:{.spec.taints[*].effect}").ok())
          .isEqualTo("dedicated=db:NoSchedule");
      assertThat(kubectl.run("taint", "nodes", node, "dedicated=db:NoSchedule-").ok()).isEqualTo("node/" + node + " untainted\n");
      assertThat(kubectl.run("get", "node", node, "-o", "jsonpath={.spec.taints}").ok()).isEmpty();

      Kubectl.Result refused = kubectl.run("drain", node, "--timeout=60s");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stdout()).isEqualTo("node/" + node + " cordoned\n");
      assertThat(refused.stderr()).contains("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): "
          + ns + "/sample-ds-").contains("cannot delete Pods that declare no controller (use --force to override): " + ns + "/solo");

      List<String> onNode = kubectl.run("get", "pods", "-n", ns, "--field-selector=spec.nodeName=" + node,
          "-l", "app=web", "-o", "name").ok().lines().toList();
      Kubectl.Result dryRun = kubectl.run("drain", node, "--ignore-daemonsets", "--force", "--dry-run=server");
      assertThat(dryRun.ok()).contains("evicting pod " + ns + "/solo (server dry run)")
          .endsWith("node/" + node + " drained (server dry run)\n");
      assertThat(kubectl.run("get", "pod", "solo", "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}").ok()).isEmpty();

      Kubectl.Result drained = kubectl.run("drain", node, "--ignore-daemonsets", "--force", "--timeout=90s");
      assertThat(drained.ok()).contains("evicting pod " + ns + "/solo\n").contains("pod/solo evicted\n")
          .endsWith("node/" + node + " drained\n");
      for (String pod : onNode) {
        assertThat(drained.stdout()).contains(pod + " evicted\n");
      }
      // kubectl joins both warnings on one line, in an order of its own.
      assertThat(drained.stderr()).startsWith("Warning: ").containsPattern("ignoring DaemonSet-managed Pods: " + ns
          + "/sample-ds-[a-z0-9]{5}").contains("deleting Pods that declare no controller: " + ns + "/solo");
      assertThat(kubectl.run("get", "pods", "-n", ns, "--field-selector=spec.nodeName=" + node, "-o", "name").ok())
          .as("only the DaemonSet's pod stays").matches("pod/sample-ds-[a-z0-9]{5}\n");
      await().atMost(Duration.ofSeconds(60)).until(() ->
          kubectl.run("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.status.readyReplicas}").ok().equals("3"));
      assertThat(kubectl.run("get", "pods", "-n", ns, "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}").ok())
          .doesNotContain(node);
    } finally {
      kubectl.run("uncordon", node);
    }
  }

  @Test
  void theEvictionSubresourceAnswersAsKubeApiserver() throws IOException {
    String ns = namespace();
    kubectl.run("run", "solo", "-n", ns, "--image=busybox:1.36").ok();
    Path body = file("eviction.json", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"solo\",\"namespace\":\""
        + ns + "\"}}");

    Kubectl.Result mismatch = kubectl.run("create", "--raw", "/api/v1/namespaces/" + ns + "/pods/other/eviction", "-f", body.toString());
    assertThat(mismatch.stderr()).isEqualTo("Error from server (BadRequest): name in URL does not match name in Eviction object\n");
    Kubectl.Result missing = kubectl.run("create", "--raw", "/api/v1/namespaces/" + ns + "/pods/solo/eviction", "-f",
        file("eviction-missing.json", Files.readString(body).replace(ns, "nosuch-ns")).toString());
    assertThat(missing.stderr()).isEqualTo("Error from server (BadRequest): the namespace of the provided object does not "
        + "match the namespace sent on the request\n");

    assertThat(kubectl.run("create", "--raw", "/api/v1/namespaces/" + ns + "/pods/solo/eviction", "-f", body.toString()).ok())
        .isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}");
    await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("get", "pod", "solo", "-n", ns).exitCode() == 1);
    Kubectl.Result gone = kubectl.run("create", "--raw", "/api/v1/namespaces/" + ns + "/pods/solo/eviction", "-f", body.toString());
    assertThat(gone.stderr()).isEqualTo("Error from server (NotFound): pods \"solo\" not found\n");
  }
}
