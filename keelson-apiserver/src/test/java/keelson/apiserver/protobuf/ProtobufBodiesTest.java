package keelson.apiserver.protobuf;

import static keelson.apiserver.protobuf.ProtoWriter.body;
import static keelson.apiserver.protobuf.ProtoWriter.message;
import static keelson.apiserver.protobuf.ProtoWriter.objectMeta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import keelson.apiserver.rest.Json;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {

  // Bodies kubectl v1.32.4 POSTed to a loopback stub (Content-Type
  // application/vnd.kubernetes.protobuf), base64-encoded:
  //   kubectl create namespace x
  //   kubectl create configmap c1 --from-literal=a=b
  //   kubectl create secret generic s1 --from-literal=k=v
  //   kubectl create deployment d1 --image=nginx --replicas=0 --port=80
  //   kubectl create service clusterip s1 --tcp=80:http
  //   kubectl drain node1 --force --disable-eviction --grace-period=7 (the DELETE of its pod;
  //   with eviction, this kubectl POSTed the Eviction as JSON)
  private static final String KUBECTL_NAMESPACE =
      "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhkKEQoBeBIAGgAiACoAMgA4AEIAEgAaAgoAGgAiAA==";
  private static final String KUBECTL_CONFIGMAP =
      "azhzAAoPCgJ2MRIJQ29uZmlnTWFwEhwKEgoCYzESABoAIgAqADIAOABCABIGCgFhEgFiGgAiAA==";
  private static final String KUBECTL_SECRET =
      "azhzAAoMCgJ2MRIGU2VjcmV0Eh4KEgoCczESABoAIgAqADIAOABCABIGCgFrEgF2GgAaACIA";
  private static final String KUBECTL_DEPLOYMENT =
      "azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50ErQBCh0KAmQxEgAaACIAKgAyADgAQgBaCQoDYXBwEgJkMRKEAQgAEgsK"
      + "CQoDYXBwEgJkMRprChsKABIAGgAiACoAMgA4AEIAWgkKA2FwcBICZDESTBIuCgVuZ2lueBIFbmdpbngqADIKCgAQ"
      + "ABhQIgAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQ"
      + "ABgAIAAoADgAGgAiAA==";
  private static final String KUBECTL_SERVICE =
      "azhzAAoNCgJ2MRIHU2VydmljZRJpCh0KAnMxEgAaACIAKgAyADgAQgBaCQoDYXBwEgJzMRJECh4KBzgwLWh0dHASA1RD"
      + "UBhQIgoIARAAGgRodHRwKAASCQoDYXBwEgJzMRoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==";

  private static final String KUBECTL_DELETE_OPTIONS =
      "azhzAAoTCgJ2MRINRGVsZXRlT3B0aW9ucxICCAcaACIA";

  private static final long NOV_27_2026_10H = Instant.parse("2026-11-27T10:00:00Z").getEpochSecond();

  @Test
  void kubectlCreateNamespaceIsTheNameOnly() {
    assertThat(decode(KUBECTL_NAMESPACE)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}}"""));
  }

  @Test
  void handBuiltNamespaceMatchesKubectlsBytes() {
    // Same layout as client-go: zero ObjectMeta fields, empty spec, status with an empty phase.
    byte[] built = body("v1", "Namespace", message()
        .message(1, objectMeta("x").bytes(8, new byte[0]))
        .message(2, message())
        .message(3, message().string(1, "")));
    assertThat(built).isEqualTo(Base64.getDecoder().decode(KUBECTL_NAMESPACE));
  }

  @Test
  void kubectlCreateConfigMapKeepsItsData() {
    assertThat(decode(KUBECTL_CONFIGMAP)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c1"}, "data": {"a": "b"}}
        """));
  }

  @Test
  void kubectlCreateSecretSendsDataAsBytes() {
    assertThat(decode(KUBECTL_SECRET)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s1"}, "data": {"k": "dg=="}}
        """));
  }

  @Test
  void kubectlCreateDeploymentKeepsZeroReplicasAndDropsZeroDefaults() {
    assertThat(decode(KUBECTL_DEPLOYMENT)).isEqualTo(json("""
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "d1", "labels": {"app": "d1"}},
         "spec": {"replicas": 0,
                  "selector": {"matchLabels": {"app": "d1"}},
                  "template": {"metadata": {"labels": {"app": "d1"}},
                               "spec": {"containers": [{"name": "nginx", "image": "nginx",
                                                        "ports": [{"containerPort": 80}]}]}}}}
        """));
  }

  @Test
  void kubectlCreateServiceHasANamedTargetPort() {
    assertThat(decode(KUBECTL_SERVICE)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "Service",
         "metadata": {"name": "s1", "labels": {"app": "s1"}},
         "spec": {"ports": [{"name": "80-http", "protocol": "TCP", "port": 80,
                             "targetPort": "http"}],
                  "selector": {"app": "s1"}, "type": "ClusterIP"}}
        """));
  }

  @Test
  void kubectlDrainDeletesWithProtobufDeleteOptions() {
    assertThat(decode(KUBECTL_DELETE_OPTIONS)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": 7}"""));
  }

  @Test
  void configMapWithSeveralEntriesAndBinaryData() {
    byte[] body = body("v1", "ConfigMap", message()
        .message(1, objectMeta("settings", "team-a").bytes(8, new byte[0])
            .entry(12, "note", "kept"))
        .entry(2, "mode", "fast")
        .entry(2, "empty", "")
        .entry(3, "blob", new byte[] {0, 1, 2, (byte) 0xff}));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "settings", "namespace": "team-a", "annotations": {"note": "kept"}},
         "data": {"mode": "fast", "empty": ""},
         "binaryData": {"blob": "AAEC/w=="}}
        """));
  }

  @Test
  void secretDataIsBase64AndAPointerFalseIsKept() {
    byte[] body = body("v1", "Secret", message()
        .message(1, objectMeta("tls"))
        .entry(2, "tls.key", "not utf-8 \u00e9".getBytes(StandardCharsets.ISO_8859_1))
        .entry(2, "empty", new byte[0])
        .string(3, "Opaque")
        .bool(5, false));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "tls"},
         "data": {"tls.key": "bm90IHV0Zi04IOk=", "empty": ""},
         "type": "Opaque", "immutable": false}
        """));
  }

  @Test
  void deploymentWithZeroPointersPortsAndQuantities() {
    ProtoWriter container = message()
        .string(1, "web").string(2, "nginx:1.27").string(5, "")
        .message(6, message().string(1, "http").varint(2, 0).varint(3, 8080).string(4, "TCP")
            .string(5, ""))
        .message(8, message()
            .entry(1, "cpu", message().string(1, "500m"))
            .entry(1, "memory", message().string(1, "128Mi"))
            .entry(2, "cpu", message().string(1, "250m")))
        .string(13, "").string(14, "").bool(16, false).bool(17, false).bool(18, false);
    ProtoWriter podSpec = message()
        .message(2, container)
        .string(3, "Always")
        .varint(4, 0)
        .message(14, message().varint(2, 0).varint(5, 0));
    byte[] body = body("apps/v1", "Deployment", message()
        .message(1, objectMeta("web").bytes(8, new byte[0]))
        .message(2, message()
            .varint(1, 0)
            .message(2, message().entry(1, "app", "web"))
            .message(3, message()
                .message(1, objectMeta("").bytes(8, new byte[0]).entry(11, "app", "web"))
                .message(2, podSpec))
            .message(4, message().string(1, "RollingUpdate").message(2, message()
                .message(1, message().varint(1, 0).varint(2, 0).string(3, ""))
                .message(2, message().varint(1, 1).varint(2, 0).string(3, "25%"))))
            .varint(5, 0)
            .varint(6, 0)
            .bool(7, false)
            .varint(9, 600))
        .message(3, message().varint(1, 0).varint(2, 0)));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
         "spec": {"replicas": 0,
                  "selector": {"matchLabels": {"app": "web"}},
                  "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                                             "ports": [{"name": "http", "containerPort": 8080,
                                                        "protocol": "TCP"}],
                                             "resources": {"limits": {"cpu": "500m",
                                                                      "memory": "128Mi"},
                                                           "requests": {"cpu": "250m"}}}],
                             "restartPolicy": "Always",
                             "terminationGracePeriodSeconds": 0,
                             "securityContext": {"runAsUser": 0, "fsGroup": 0}}},
                  "strategy": {"type": "RollingUpdate",
                               "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}},
                  "revisionHistoryLimit": 0,
                  "progressDeadlineSeconds": 600}}
        """));
  }

  @Test
  void serviceTargetPortIsANumberOrAName() {
    byte[] body = body("v1", "Service", message()
        .message(1, objectMeta("web"))
        .message(2, message()
            .message(1, message().string(1, "http").string(2, "TCP").varint(3, 80)
                .message(4, message().varint(1, 1).varint(2, 0).string(3, "http-alt"))
                .varint(5, 0))
            .message(1, message().string(1, "metrics").string(2, "TCP").varint(3, 9090)
                .message(4, message().varint(1, 0).varint(2, 9091).string(3, ""))
                .varint(5, 0))
            .message(1, message().string(1, "plain").string(2, "TCP").varint(3, 0)
                .message(4, message().varint(1, 0).varint(2, 0).string(3, ""))
                .varint(5, 0))
            .string(4, "NodePort")
            .bool(20, false)));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
         "spec": {"ports": [{"name": "http", "protocol": "TCP", "port": 80,
                             "targetPort": "http-alt"},
                            {"name": "metrics", "protocol": "TCP", "port": 9090,
                             "targetPort": 9091},
                            {"name": "plain", "protocol": "TCP", "port": 0}],
                  "type": "NodePort",
                  "allocateLoadBalancerNodePorts": false}}
        """));
  }

  @Test
  void podTimesAreRfc3339InUtcAndAnEmptyDirStays() {
    byte[] body = body("v1", "Pod", message()
        .message(1, objectMeta("p").message(8, message().varint(1, NOV_27_2026_10H).varint(2, 0))
            .message(9, message().varint(1, NOV_27_2026_10H + 30).varint(2, 0))
            .varint(10, 0))
        .message(2, message()
            .message(1, message().string(1, "scratch").message(2, message().message(2, message()
                .string(1, ""))))
            .message(2, message().string(1, "c").string(2, "busybox")))
        .message(3, message().string(1, "Running")
            .message(7, message().varint(1, NOV_27_2026_10H + 5).varint(2, 123_000_000))));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "p", "creationTimestamp": "2026-11-27T10:00:00Z",
                      "deletionTimestamp": "2026-11-27T10:00:30Z",
                      "deletionGracePeriodSeconds": 0},
         "spec": {"volumes": [{"name": "scratch", "emptyDir": {}}],
                  "containers": [{"name": "c", "image": "busybox"}]},
         "status": {"phase": "Running", "startTime": "2026-11-27T10:00:05Z"}}
        """));
  }

  @Test
  void eventTimeIsAMicroTime() {
    byte[] body = body("events.k8s.io/v1", "Event", message()
        .message(1, objectMeta("e1", "default"))
        .message(2, message().varint(1, NOV_27_2026_10H).varint(2, 1_500))
        .string(4, "kubelet").string(5, "node-1").string(6, "Pulling").string(7, "Pulling")
        .message(8, message().string(1, "Pod").string(2, "default").string(3, "p"))
        .string(10, "").string(11, "Normal")
        .message(12, message().string(1, "").string(2, ""))
        .bytes(13, new byte[0]).bytes(14, new byte[0]).varint(15, 0));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "events.k8s.io/v1", "kind": "Event",
         "metadata": {"name": "e1", "namespace": "default"},
         "eventTime": "2026-11-27T10:00:00.000001Z",
         "reportingController": "kubelet", "reportingInstance": "node-1",
         "action": "Pulling", "reason": "Pulling",
         "regarding": {"kind": "Pod", "namespace": "default", "name": "p"},
         "type": "Normal"}
        """));
  }

  @Test
  void evictionCarriesDeleteOptionsWithAZeroGracePeriod() {
    byte[] body = body("policy/v1", "Eviction", message()
        .message(1, objectMeta("p", "default"))
        .message(2, message().varint(1, 0).message(2, message().string(1, "uid-1"))));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "policy/v1", "kind": "Eviction",
         "metadata": {"name": "p", "namespace": "default"},
         "deleteOptions": {"gracePeriodSeconds": 0, "preconditions": {"uid": "uid-1"}}}
        """));
  }

  @Test
  void deleteOptionsAreKnownUnderAnyApiVersion() {
    byte[] body = body("apps/v1", "DeleteOptions", message()
        .string(4, "Foreground").string(5, "All"));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "apps/v1", "kind": "DeleteOptions",
         "propagationPolicy": "Foreground", "dryRun": ["All"]}
        """));
  }

  @Test
  void endpointSliceKeepsFalseConditionsAndLargeNumbers() {
    byte[] body = body("discovery.k8s.io/v1", "EndpointSlice", message()
        .message(1, objectMeta("web-abc").varint(7, 5_000_000_000L))
        .message(2, message().string(1, "10.0.0.1")
            .message(2, message().bool(1, false).bool(2, true).bool(3, false)))
        .message(3, message().string(1, "").varint(3, 0))
        .string(4, "IPv4"));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
         "metadata": {"name": "web-abc", "generation": 5000000000},
         "endpoints": [{"addresses": ["10.0.0.1"],
                        "conditions": {"ready": false, "serving": true, "terminating": false}}],
         "ports": [{"name": "", "port": 0}],
         "addressType": "IPv4"}
        """));
  }

  @Test
  void controllerRevisionDataIsEmbeddedJson() {
    byte[] raw = "{\"spec\":{\"template\":{\"x\":[1,2]}}}".getBytes(StandardCharsets.UTF_8);
    byte[] body = body("apps/v1", "ControllerRevision", message()
        .message(1, objectMeta("web-1"))
        .message(2, message().bytes(1, raw))
        .varint(3, 1));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "web-1"},
         "data": {"spec": {"template": {"x": [1, 2]}}}, "revision": 1}
        """));
  }

  @Test
  void managedFieldsCarryFieldsV1AsATree() {
    byte[] body = body("v1", "ConfigMap", message()
        .message(1, objectMeta("c").message(17, message().string(1, "kubectl")
            .string(2, "Apply").string(3, "v1")
            .message(4, message().varint(1, NOV_27_2026_10H))
            .string(6, "FieldsV1")
            .message(7, message().bytes(1, "{\"f:data\":{}}".getBytes(StandardCharsets.UTF_8)))
            .string(8, ""))));
    assertThat(ProtobufBodies.decode(body).at("/metadata/managedFields/0")).isEqualTo(json("""
        {"manager": "kubectl", "operation": "Apply", "apiVersion": "v1",
         "time": "2026-11-27T10:00:00Z", "fieldsType": "FieldsV1",
         "fieldsV1": {"f:data": {}}}
        """));
  }

  @Test
  void everyServedKindHasAMessage() {
    WireTable table = WireTable.standard();
    String[][] kinds = {
        {"v1", "Namespace"}, {"v1", "Node"}, {"v1", "Pod"}, {"v1", "Service"},
        {"v1", "Endpoints"}, {"v1", "PersistentVolumeClaim"}, {"v1", "PersistentVolume"},
        {"v1", "ConfigMap"}, {"v1", "Secret"}, {"v1", "ServiceAccount"}, {"v1", "Event"},
        {"v1", "Binding"}, {"apps/v1", "StatefulSet"}, {"apps/v1", "DaemonSet"},
        {"apps/v1", "ReplicaSet"}, {"apps/v1", "Deployment"}, {"apps/v1", "ControllerRevision"},
        {"autoscaling/v1", "Scale"}, {"discovery.k8s.io/v1", "EndpointSlice"},
        {"storage.k8s.io/v1", "StorageClass"}, {"coordination.k8s.io/v1", "Lease"},
        {"events.k8s.io/v1", "Event"}, {"policy/v1", "Eviction"},
        {"meta.k8s.io/v1", "DeleteOptions"}, {"v1", "DeleteOptions"}};
    for (String[] kind : kinds) {
      assertThat(table.forKind(kind[0], kind[1])).as(Arrays.toString(kind)).isNotNull();
    }
  }

  @Test
  void rejectsABodyWithoutTheMagicPrefix() {
    assertThatThrownBy(() -> ProtobufBodies.decode("{\"kind\":\"Pod\"}".getBytes(
        StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k8s\\0");
  }

  @Test
  void rejectsAKindItDoesNotServe() {
    byte[] body = body("rbac.authorization.k8s.io/v1", "Role", message()
        .message(1, objectMeta("r")));
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no protobuf decoding for kind Role of rbac.authorization.k8s.io/v1;"
            + " send it as application/json");
  }

  @Test
  void rejectsATruncatedBody() {
    byte[] whole = Base64.getDecoder().decode(KUBECTL_CONFIGMAP);
    byte[] truncated = Arrays.copyOf(whole, whole.length - 12);
    assertThatThrownBy(() -> ProtobufBodies.decode(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the protobuf body is malformed");
  }

  @Test
  void rejectsAFieldOfTheWrongWireType() {
    byte[] body = body("v1", "ConfigMap", message().varint(1, 7));
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("field 1 (metadata) of ConfigMap has wire type 0, expected 2");
  }

  @Test
  void rejectsAMissingKind() {
    byte[] body = body("v1", "", message());
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Object 'Kind' is missing");
  }

  @Test
  void skipsFieldsNewerThanTheTable() {
    byte[] body = body("v1", "ConfigMap", message()
        .message(1, objectMeta("c").string(999, "from the future"))
        .varint(1000, 1));
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}"""));
  }

  private static JsonNode decode(String base64) {
    return ProtobufBodies.decode(Base64.getDecoder().decode(base64));
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
