package keelson.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.api.selectors.SelectorAttributes;
import keelson.apiserver.rest.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StoredObjectScanTest {

  static Stream<Arguments> storedObjects() {
    return Stream.of(
        Arguments.of(BuiltinResources.PODS, """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"shop","uid":"u-1",
             "labels":{"app":"web","statefulset.kubernetes.io/pod-name":"web-0"},
             "annotations":{"a":"b"},"ownerReferences":[{"kind":"StatefulSet","name":"web","uid":"s-1"}],
             "managedFields":[{"manager":"kubelet","fieldsV1":{"f:status":{"f:phase":{}}}}],
             "creationTimestamp":"2026-11-27T10:00:00Z","generation":1},
             "spec":{"nodeName":"node-2","restartPolicy":"Always","schedulerName":"default-scheduler",
             "serviceAccountName":"default","hostNetwork":true,
             "containers":[{"name":"nginx","image":"nginx:1.16","ports":[{"containerPort":80}]}],
             "tolerations":[{"key":"k","operator":"Exists"}]},
             "status":{"phase":"Running","podIP":"10.244.1.7","podIPs":[{"ip":"10.244.1.7"},{"ip":"fd00::7"}],
             "nominatedNodeName":"node-3","conditions":[{"type":"Ready","status":"True"}],
             "containerStatuses":[{"name":"nginx","ready":true,"restartCount":0}]}}"""),
        Arguments.of(BuiltinResources.PODS, """
            {"metadata":{"name":"odd","namespace":"default"},"status":{"podIPs":["x",[1],{"ip":"10.0.0.1"}],
             "phase":"Pending"}}"""),
        Arguments.of(BuiltinResources.PODS, """
            {"spec":{"containers":[{"name":"c","image":"i"}],"template":{"metadata":{"name":"inner"}}},
             "metadata":{"name":"late-meta","namespace":"default"},"kind":"Pod","apiVersion":"v1"}"""),
        Arguments.of(BuiltinResources.EVENTS, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"web-0.1","namespace":"shop"},
             "involvedObject":{"kind":"Pod","namespace":"shop","name":"web-0","uid":"u-1","apiVersion":"v1",
             "resourceVersion":"42","fieldPath":"spec.containers{nginx}"},"reason":"Started",
             "message":"Started container nginx","source":{"component":"kubelet","host":"node-2"},
             "reportingComponent":"kubelet","type":"Normal","count":1}"""),
        Arguments.of(BuiltinResources.EVENTS, """
            {"metadata":{"name":"e","namespace":"default"},"involvedObject":{"kind":"StatefulSet","name":"web"},
             "reason":"SuccessfulCreate","reportingComponent":"statefulset-controller","type":"Normal"}"""),
        Arguments.of(BuiltinResources.NODES, """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1","labels":{"disk":"ssd"}},
             "spec":{"unschedulable":true,"podCIDR":"10.244.0.0/24","taints":[{"key":"k","effect":"NoSchedule"}]},
             "status":{"conditions":[{"type":"Ready","status":"True"}]}}"""),
        Arguments.of(BuiltinResources.NAMESPACES, """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"},"status":{"phase":"Terminating"}}"""),
        Arguments.of(BuiltinResources.SECRETS, """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"shop"},"type":"Opaque",
             "data":{"k":"dg=="}}"""),
        Arguments.of(BuiltinResources.REPLICA_SETS, """
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"r","namespace":"shop"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"x"}}},"status":{"replicas":2}}"""),
        Arguments.of(BuiltinResources.REPLICA_SETS, """
            {"metadata":{"name":"big","namespace":"shop"},"spec":{"x":123456789012345678901234567890},
             "status":{"replicas":5000000000,"ratio":0.5}}"""),
        Arguments.of(BuiltinResources.CONFIG_MAPS, """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{},"data":{"metadata":"{\\"x\\":1}"}}"""));
  }

  @ParameterizedTest
  @MethodSource("storedObjects")
  void selectorsSeeTheSameAttributesAsFromTheWholeObject(ResourceType type, String stored) throws Exception {
    ObjectNode whole = (ObjectNode) Json.parse(stored.getBytes(StandardCharsets.UTF_8));

    ObjectNode selectable = StoredObjectScan.selectable(stored.getBytes(StandardCharsets.UTF_8));

    assertThat(SelectorAttributes.of(type, selectable)).isEqualTo(SelectorAttributes.of(type, whole));
  }

  @ParameterizedTest
  @MethodSource("storedObjects")
  void theResourceVersionIsWrittenIntoTheTopLevelMetadata(ResourceType type, String stored) throws Exception {
    byte[] bytes = Json.bytes(Json.parse(stored.getBytes(StandardCharsets.UTF_8)));
    StoredObjectScan.Result scan = StoredObjectScan.locate(bytes);
    assertThat(scan.spliceable()).isTrue();
    assertThat(StoredObjectScan.locate(stored.getBytes(StandardCharsets.UTF_8))).as("as written, spaces and all")
        .isEqualTo(new StoredObjectScan.Result(metadataOpenByTokenizer(stored), scan.metadataEmpty(), false));

    byte[] cached = StoredObjectScan.withResourceVersion(bytes, scan, 1234);

    ObjectNode expected = (ObjectNode) Json.parse(bytes);
    Json.metadata(expected).put("resourceVersion", "1234");
    assertThat(Json.parse(cached)).isEqualTo(expected);
  }

  /** Where Jackson's tokenizer finds the top-level metadata object open (-1: none). */
  private static int metadataOpenByTokenizer(String stored) throws Exception {
    try (com.fasterxml.jackson.core.JsonParser p = Json.MAPPER.createParser(stored.getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT && name.equals("metadata")) {
          return (int) p.currentTokenLocation().getByteOffset();
        }
        p.skipChildren();
      }
      return -1;
    }
  }

  @Test
  void anObjectStoredWithAVersionOrWithoutMetadataIsNotSpliced() throws Exception {
    assertThat(StoredObjectScan.locate("{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"7\"}}"
        .getBytes(StandardCharsets.UTF_8)).spliceable()).isFalse();
    assertThat(StoredObjectScan.locate("{\"kind\":\"Status\"}".getBytes(StandardCharsets.UTF_8)).spliceable())
        .isFalse();
    assertThat(StoredObjectScan.locate("{}".getBytes(StandardCharsets.UTF_8)).spliceable()).isFalse();
  }

  @Test
  void aMetadataKeyInsideAStringOrANestedObjectIsNotTheMetadata() throws Exception {
    String stored = "{\"data\":{\"metadata\":{\"resourceVersion\":\"1\"}},\"note\":\"\\\"metadata\\\":{\","
        + "\"n\":-1.5e3,\"ok\":true,\"metadata\":{\"name\":\"x\",\"managedFields\":[{\"f\":\"}]\\\\\"}],"
        + "\"uid\":\"u\"}}";
    StoredObjectScan.Result scan = StoredObjectScan.locate(stored.getBytes(StandardCharsets.UTF_8));
    assertThat(scan.metadataOpen()).isEqualTo(stored.lastIndexOf("{\"name\""));
    assertThat(scan.spliceable()).isTrue();
    byte[] cached = StoredObjectScan.withResourceVersion(stored.getBytes(StandardCharsets.UTF_8), scan, 9);
    assertThat(Json.parse(cached).at("/metadata/resourceVersion").asText()).isEqualTo("9");
    assertThat(Json.parse(cached).at("/metadata/uid").asText()).isEqualTo("u");
  }

  @Test
  void truncatedBytesAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StoredObjectScan.locate(
        "{\"kind\":\"Pod\",\"spec\":{\"x\":\"".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(java.io.IOException.class);
  }
}
