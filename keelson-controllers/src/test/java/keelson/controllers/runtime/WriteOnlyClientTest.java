package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paths, writes against fabric8's CRUD mock API, and how a refused write surfaces. */
class WriteOnlyClientTest {
  private KubernetesMockServer api;
  private KubernetesClient client;
  private WriteOnlyClient writes;

  @BeforeEach
  void start() {
    api = CrudMockApi.start();
    client = api.createClient();
    writes = new WriteOnlyClient(client);
  }

  @AfterEach
  void stop() {
    client.close();
    api.destroy();
  }

  @Test
  void pathsFollowTheApiLayout() {
    assertThat(WriteOnlyClient.collection("", "v1", "default", "events"))
        .isEqualTo("/api/v1/namespaces/default/events");
    assertThat(WriteOnlyClient.collection("", "v1", null, "nodes")).isEqualTo("/api/v1/nodes");
    String leases = WriteOnlyClient.collection("coordination.k8s.io", "v1", "kube-node-lease", "leases");
    assertThat(leases).isEqualTo("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases");
    assertThat(WriteOnlyClient.object(leases, "node-1", null))
        .isEqualTo("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1");
    assertThat(WriteOnlyClient.object("/api/v1/namespaces/a/pods", "web-0", "status"))
        .isEqualTo("/api/v1/namespaces/a/pods/web-0/status");
  }

  @Test
  void aCreateCanAnswerWithTheNameTheObjectGot() {
    String name = writes.createNamed(WriteOnlyClient.collection("", "v1", "a", "configmaps"), new ConfigMapBuilder()
        .withNewMetadata().withName("named").withNamespace("a").withLabels(java.util.Map.of("name", "not this"))
        .endMetadata().addToData("name", "nor this").build());
    assertThat(name).isEqualTo("named");
    assertThat(client.configMaps().inNamespace("a").withName("named").get().getData()).containsEntry("name", "nor this");
  }

  @Test
  void createsAndReplacesWhatTheTypedClientReadsBack() {
    writes.create(WriteOnlyClient.collection("", "v1", "a", "events"), new EventBuilder().withApiVersion("v1")
        .withKind("Event").withNewMetadata().withName("web-0.1").withNamespace("a").endMetadata()
        .withReason("Started").withMessage("Started container web").withCount(1).build());
    Event event = client.v1().events().inNamespace("a").withName("web-0.1").get();
    assertThat(event.getReason()).isEqualTo("Started");

    ConfigMap created = client.configMaps().inNamespace("a").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("cm").withNamespace("a").endMetadata().addToData("k", "1").build()).create();
    writes.replace(WriteOnlyClient.object(WriteOnlyClient.collection("", "v1", "a", "configmaps"), "cm", null),
        new ConfigMapBuilder(created).withApiVersion("v1").withKind("ConfigMap").addToData("k", "2").build());
    assertThat(client.configMaps().inNamespace("a").withName("cm").get().getData()).containsEntry("k", "2");
  }

  @Test
  void aRefusedWriteCarriesItsCodeAndStatus() {
    String conflict = """
        {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409,
         "message":"Operation cannot be fulfilled on pods \\"web-0\\": the object has been modified"}""";
    KubernetesClientException e = WriteOnlyClient.failure(new KubernetesSerialization(), "PUT", "/p", 409,
        conflict.getBytes(StandardCharsets.UTF_8));
    assertThat(e.getCode()).isEqualTo(409);
    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
    assertThat(e.getMessage()).contains("the object has been modified");
  }

  @Test
  void aRefusalThatIsNoStatusKeepsItsCodeAndText() {
    KubernetesClientException e = WriteOnlyClient.failure(new KubernetesSerialization(), "POST", "/p", 502,
        "bad gateway".getBytes(StandardCharsets.UTF_8));
    assertThat(e.getCode()).isEqualTo(502);
    assertThat(e.getMessage()).contains("POST /p answered 502: bad gateway");
  }

  @Test
  void aWriteToAMissingObjectFailsWithNotFound() {
    assertThatThrownBy(() -> writes.replace(WriteOnlyClient.object(WriteOnlyClient.collection("", "v1", "a",
        "configmaps"), "absent", null), new ConfigMapBuilder().withApiVersion("v1").withKind("ConfigMap")
        .withNewMetadata().withName("absent").withNamespace("a").endMetadata().build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void aStrategicMergePatchIsSentAsSuchAndItsRefusalSurfaces() throws Exception {
    // A patch of a pod that is not there fails with 404, as a kubelet's patch of a deleted pod does.
    String path = WriteOnlyClient.object(WriteOnlyClient.collection("", "v1", "a", "pods"), "web-0", "status");
    assertThatThrownBy(() -> writes.strategicMergePatch(path, "kubelet",
        java.util.Map.of("metadata", java.util.Map.of("uid", "u-1"), "status", java.util.Map.of("phase", "Running"))))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    var request = api.getLastRequest();
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getPath()).isEqualTo(path + "?fieldManager=kubelet");
    assertThat(request.getHeader("Content-Type")).startsWith("application/strategic-merge-patch+json");
  }
}
