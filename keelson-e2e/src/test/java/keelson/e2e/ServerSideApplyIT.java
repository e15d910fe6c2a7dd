package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server-side apply and managedFields with the real kubectl (1.32 through the dispatcher, and the
 * 1.27, 1.30 and 1.33 binaries beside it) and fabric8's {@code serverSideApply()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSideApplyIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path temp = TempDirs.create(getClass().getSimpleName());
  KeelsonProcess server;
  Kubectl kubectl;
  KubernetesClient client;

  @BeforeAll
  void start() throws IOException {
    Kubectl.requireInstalled();
    server = KeelsonProcess.start(temp, "memory");
    kubectl = new Kubectl(server, temp.resolve("kubectl-cache"));
    client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build();
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Path manifest(String name, String yaml) {
    try {
      return Files.writeString(temp.resolve(name), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String deployment(String name, int replicas, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          labels:
            app: %s
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: %s
          template:
            metadata:
              labels:
                app: %s
            spec:
              containers:
              - name: web
                image: %s
                ports:
                - containerPort: 80
        """.formatted(name, name, replicas, name, name, image);
  }

  private JsonNode getJson(String... args) {
    List<String> all = new ArrayList<>(List.of("get"));
    all.addAll(List.of(args));
    all.add("-o");
    all.add("json");
    all.add("--show-managed-fields"); // kubectl drops managedFields from every output without it
    try {
      return JSON.readTree(kubectl.run(all.toArray(String[]::new)).ok());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the managedFields entry of {@code manager} with the given operation, or null. */
  private static JsonNode entry(JsonNode object, String manager, String operation) {
    for (JsonNode entry : object.at("/metadata/managedFields")) {
      if (entry.path("manager").asText().equals(manager) && entry.path("operation").asText().equals(operation)
          && !entry.has("subresource")) {
        return entry;
      }
    }
    return null;
  }

  private static boolean owns(JsonNode object, String manager, String operation, String pointer) {
    JsonNode entry = entry(object, manager, operation);
    return entry != null && !entry.at("/fieldsV1" + pointer).isMissingNode();
  }

  @Test
  void serverSideApplyCreatesOwnsAndHidesManagedFieldsByDefault() {
    Path file = manifest("ssa-create.yaml", deployment("ssa-create", 2, "nginx:1.27"));

    assertThat(kubectl.run("apply", "--server-side", "-f", file.toString()).ok())
        .isEqualTo("deployment.apps/ssa-create serverside-applied\n");

    String plain = kubectl.run("get", "deployment", "ssa-create", "-o", "yaml").ok();
    assertThat(plain).doesNotContain("managedFields");
    String shown = kubectl.run("get", "deployment", "ssa-create", "-o", "yaml", "--show-managed-fields").ok();
    assertThat(shown).contains("managedFields:", "manager: kubectl", "operation: Apply", "fieldsType: FieldsV1",
        "f:replicas: {}", "k:{\"name\":\"web\"}:", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}:");
    JsonNode object = getJson("deployment", "ssa-create");
    JsonNode applied = entry(object, "kubectl", "Apply");
    assertThat(applied).isNotNull();
    assertThat(applied.path("apiVersion").asText()).isEqualTo("apps/v1");
    // The applier owns its configuration only, not the defaults the server filled in.
    assertThat(owns(object, "kubectl", "Apply", "/f:spec/f:progressDeadlineSeconds")).isFalse();
    assertThat(object.at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(600);
    // The controller's status writes are recorded under the status subresource.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      JsonNode now = getJson("deployment", "ssa-create");
      assertThat(now.at("/metadata/managedFields").findValuesAsText("subresource")).contains("status");
    });

    // Re-applying unchanged is accepted and changes nothing.
    assertThat(kubectl.run("apply", "--server-side", "-f", file.toString()).ok())
        .isEqualTo("deployment.apps/ssa-create serverside-applied\n");
  }

  @Test
  void aSecondManagerConflictsUntilItForcesAndThenOwnsTheField() {
    Path mine = manifest("ssa-conflict.yaml", deployment("ssa-conflict", 1, "nginx:1.27"));
    kubectl.run("apply", "--server-side", "-f", mine.toString()).ok();
    Path theirs = manifest("ssa-conflict-b.yaml", deployment("ssa-conflict", 4, "nginx:1.27"));

    Kubectl.Result refused = kubectl.run("apply", "--server-side", "--field-manager=team-b", "-f", theirs.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).startsWith(
        "error: Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas\n");
    assertThat(refused.stderr()).contains("--force-conflicts");
    assertThat(getJson("deployment", "ssa-conflict").at("/spec/replicas").asInt()).isEqualTo(1);

    assertThat(kubectl.run("apply", "--server-side", "--field-manager=team-b", "--force-conflicts",
        "-f", theirs.toString()).ok()).isEqualTo("deployment.apps/ssa-conflict serverside-applied\n");

    JsonNode object = getJson("deployment", "ssa-conflict");
    assertThat(object.at("/spec/replicas").asInt()).isEqualTo(4);
    assertThat(owns(object, "team-b", "Apply", "/f:spec/f:replicas")).isTrue();
    assertThat(owns(object, "kubectl", "Apply", "/f:spec/f:replicas")).isFalse();
    // Fields both apply with the same value are shared.
    assertThat(owns(object, "kubectl", "Apply", "/f:spec/f:selector")).isTrue();
    assertThat(owns(object, "team-b", "Apply", "/f:spec/f:selector")).isTrue();

    // kubectl scale is an update through the scale subresource, attributed by its User-Agent: it
    // takes replicas from the applier.
    kubectl.run("scale", "deployment", "ssa-conflict", "--replicas=2").ok();
    JsonNode scaled = getJson("deployment", "ssa-conflict");
    assertThat(owns(scaled, "team-b", "Apply", "/f:spec/f:replicas")).isFalse();
    JsonNode scaleEntry = null;
    for (JsonNode e : scaled.at("/metadata/managedFields")) {
      if (e.path("subresource").asText().equals("scale")) {
        scaleEntry = e;
      }
    }
    assertThat(scaleEntry).isNotNull();
    assertThat(scaleEntry.get("manager").asText()).isEqualTo("kubectl");
    assertThat(scaleEntry.get("operation").asText()).isEqualTo("Update");
    assertThat(scaleEntry.get("fieldsV1").toString()).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
  }

  @Test
  void clientSideThenServerSideApplyOnOneObject() {
    Path first = manifest("csa.yaml", deployment("csa-then-ssa", 1, "nginx:1.27"));
    assertThat(kubectl.run("apply", "-f", first.toString()).ok()).isEqualTo("deployment.apps/csa-then-ssa created\n");
    JsonNode created = getJson("deployment", "csa-then-ssa");
    assertThat(owns(created, "kubectl-client-side-apply", "Update", "/f:spec/f:replicas")).isTrue();

    // Another manager conflicts with client-side apply's fields...
    Path other = manifest("csa-other.yaml", deployment("csa-then-ssa", 3, "nginx:1.27"));
    Kubectl.Result refused = kubectl.run("apply", "--server-side", "--field-manager=other", "-f", other.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).contains(
        "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");

    // ...but kubectl's own server-side apply takes them over, as on Kubernetes.
    Path second = manifest("ssa.yaml", deployment("csa-then-ssa", 3, "nginx:1.27"));
    assertThat(kubectl.run("apply", "--server-side", "-f", second.toString()).ok())
        .isEqualTo("deployment.apps/csa-then-ssa serverside-applied\n");
    JsonNode upgraded = getJson("deployment", "csa-then-ssa");
    assertThat(upgraded.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(owns(upgraded, "kubectl", "Apply", "/f:spec/f:replicas")).isTrue();
    assertThat(owns(upgraded, "kubectl-client-side-apply", "Update", "/f:spec/f:replicas")).isFalse();
    String lastApplied = upgraded.at("/metadata/annotations").path("kubectl.kubernetes.io/last-applied-configuration")
        .asText();
    assertThat(lastApplied).contains("\"replicas\":3");

    // And client-side apply still works afterwards.
    Path third = manifest("csa-again.yaml", deployment("csa-then-ssa", 2, "nginx:1.27"));
    assertThat(kubectl.run("apply", "-f", third.toString()).ok())
        .isEqualTo("deployment.apps/csa-then-ssa configured\n");
    JsonNode again = getJson("deployment", "csa-then-ssa");
    assertThat(again.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(owns(again, "kubectl-client-side-apply", "Update", "/f:spec/f:replicas")).isTrue();
    assertThat(owns(again, "kubectl", "Apply", "/f:spec/f:replicas")).isFalse();
  }

  @Test
  void fieldsDroppedFromTheConfigurationAreRemoved() {
    Path first = manifest("cm-1.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: pruned
          labels:
            keep: "yes"
            drop: "yes"
        data:
          a: "1"
          b: "2"
        """);
    kubectl.run("apply", "--server-side", "-f", first.toString()).ok();
    kubectl.run("label", "configmap", "pruned", "other=1").ok();
    Path second = manifest("cm-2.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: pruned
          labels:
            keep: "yes"
        data:
          a: "1"
        """);

    kubectl.run("apply", "--server-side", "-f", second.toString()).ok();

    JsonNode object = getJson("configmap", "pruned");
    assertThat(object.get("data").toString()).isEqualTo("{\"a\":\"1\"}");
    assertThat(object.at("/metadata/labels").toString()).isEqualTo("{\"keep\":\"yes\",\"other\":\"1\"}");
    assertThat(owns(object, "kubectl-label", "Update", "/f:metadata/f:labels/f:other")).isTrue();
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.30", "1.33"})
  void olderAndNewerKubectlsApplyServerSide(String minor) {
    Kubectl versioned = Kubectl.version(server, temp.resolve("cache-" + minor), minor);
    String name = "ssa-" + minor.replace('.', '-');
    Path file = manifest(name + ".yaml", deployment(name, 1, "nginx:1.27"));
    assertThat(versioned.run("apply", "--server-side", "-f", file.toString()).ok())
        .isEqualTo("deployment.apps/" + name + " serverside-applied\n");
    Path changed = manifest(name + "-b.yaml", deployment(name, 2, "nginx:1.27"));
    Kubectl.Result conflict = versioned.run("apply", "--server-side", "--field-manager=x", "-f", changed.toString());
    assertThat(conflict.stderr()).contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas");
    assertThat(versioned.run("apply", "--server-side", "--force-conflicts", "--field-manager=x", "-f",
        changed.toString()).ok()).contains("serverside-applied");
    assertThat(entry(getJson("deployment", name), "x", "Apply")).isNotNull();
    assertThat(versioned.run("get", "deployment", name, "-o", "yaml").ok()).doesNotContain("managedFields");
  }

  @Test
  void applyWithoutFieldManagerIsRefusedAsByKubeApiserver() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.url() + "/api/v1/namespaces/default/configmaps/no-manager"))
        .header("Authorization", "Bearer " + server.token())
        .header("Content-Type", "application/apply-patch+yaml")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: no-manager\n"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode status = JSON.readTree(response.body());
    assertThat(status.get("message").asText()).isEqualTo(
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    assertThat(status.get("reason").asText()).isEqualTo("Invalid");
  }

  @Test
  void fabric8ServerSideApplyRecordsItsManagerAndForcesConflicts() {
    ConfigMap desired = new ConfigMapBuilder()
        .withNewMetadata().withName("f8-ssa").withNamespace("default").endMetadata()
        .withData(Map.of("owner", "f8", "size", "1"))
        .build();

    ConfigMap created = client.configMaps().inNamespace("default").resource(desired)
        .fieldManager("f8-controller").serverSideApply();

    assertThat(created.getData()).containsEntry("size", "1");
    ManagedFieldsEntry entry = created.getMetadata().getManagedFields().getFirst();
    assertThat(entry.getManager()).isEqualTo("f8-controller");
    assertThat(entry.getOperation()).isEqualTo("Apply");

    ConfigMap rival = new ConfigMapBuilder(desired).withData(Map.of("size", "2")).build();
    KubernetesClientException conflict = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.configMaps().inNamespace("default").resource(rival).fieldManager("rival").serverSideApply());
    assertThat(conflict.getCode()).isEqualTo(409);
    assertThat(conflict.getStatus().getMessage())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"f8-controller\": .data.size");
    assertThat(conflict.getStatus().getDetails().getCauses().getFirst().getReason()).isEqualTo("FieldManagerConflict");

    ConfigMap forced = client.configMaps().inNamespace("default").resource(rival).fieldManager("rival")
        .forceConflicts().serverSideApply();
    assertThat(forced.getData()).containsEntry("size", "2").containsEntry("owner", "f8");

    // A plain update through fabric8 is recorded under the client's User-Agent.
    client.configMaps().inNamespace("default").withName("f8-ssa")
        .edit(cm -> new ConfigMapBuilder(cm).addToData("extra", "x").build());
    List<String> managers = client.configMaps().inNamespace("default").withName("f8-ssa").get()
        .getMetadata().getManagedFields().stream().map(e -> e.getManager() + "/" + e.getOperation()).toList();
    assertThat(managers).containsExactly("f8-controller/Apply", "rival/Apply", "fabric8-kubernetes-client/Update");
  }
}
