package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The components' streaming decoding gives what fabric8's tree-based one gives, object for object
 * ({@code equals} of the model classes), and takes the streaming path exactly when the object starts
 * with its type fields and fabric8 knows the kind.
 */
class StreamingResourceDeserializerTest {
  private final KubernetesSerialization plain = new KubernetesSerialization();
  private final ObjectMapper mapper = new ObjectMapper();
  private final KubernetesSerialization fast = ClientSerialization.create(mapper);

  @BeforeEach
  void resolveTheDeserializer() {
    // Jackson asks for the deserializer on first use; decode once so fallBacks() can be read.
    fast.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"warm\"}}");
    assertThat(fallBacks()).isZero();
  }

  static Stream<Arguments> servedKinds() {
    return Stream.of(
        Arguments.of("pod.json", Pod.class),
        Arguments.of("node.json", Node.class),
        Arguments.of("lease.json", Lease.class),
        Arguments.of("event.json", io.fabric8.kubernetes.api.model.Event.class),
        Arguments.of("daemonset.json", DaemonSet.class),
        Arguments.of("statefulset.json", StatefulSet.class));
  }

  @ParameterizedTest
  @MethodSource("servedKinds")
  void decodesServedKindsAsFabric8DoesWithoutFallingBack(String file, Class<?> type) {
    String json = fixture(file);
    KubernetesResource streamed = fast.unmarshal(json);
    assertThat(streamed).isInstanceOf(type).isEqualTo(plain.unmarshal(json));
    assertThat(fallBacks()).isZero();
    assertThat(replays()).as("resumed on the original parser, Blackbird's bean deserializer too").isZero();
  }

  @ParameterizedTest
  @MethodSource("servedKinds")
  void decodesWatchEventsAsFabric8DoesWhicheverFieldComesFirst(String file, Class<?> type) {
    String object = fixture(file);
    for (String event : new String[] {
        "{\"type\":\"MODIFIED\",\"object\":" + object + "}",
        // The object before the type: the parser must be left on the object's end.
        "{\"object\":" + object + ",\"type\":\"ADDED\"}"}) {
      WatchEvent streamed = fast.unmarshal(event, WatchEvent.class);
      assertThat(streamed.getObject()).isInstanceOf(type);
      // The components' watches leave managedFields out (WatchEventText); all else is as fabric8's.
      WatchEvent expected = plain.unmarshal(event, WatchEvent.class);
      ((HasMetadata) expected.getObject()).getMetadata().setManagedFields(List.of());
      assertThat(streamed).isEqualTo(expected);
    }
    assertThat(fallBacks()).isZero();
  }

  @Test
  void acceptsKindBeforeApiVersionAsKeelsonsBookmarksAndErrorsWriteThem() {
    assertStreamed("""
        {"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12",\
        "annotations":{"k8s.io/initial-events-end":"true"}}}}""", Pod.class);
    assertStreamed("""
        {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
        "message":"too old resource version: 1 (5)","reason":"Expired","code":410}}""", Status.class);
  }

  @Test
  void decodesAnEventsV1EventByItsGroup() {
    assertStreamed("""
        {"type":"ADDED","object":{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e",\
        "namespace":"default"},"eventTime":"2026-11-27T18:00:01.234567Z","reportingController":"x",\
        "reportingInstance":"y","action":"Binding","reason":"Scheduled","regarding":{"kind":"Pod","name":"p"},\
        "type":"Normal"}}""", io.fabric8.kubernetes.api.model.events.v1.Event.class);
  }

  @Test
  void keepsUnknownFieldsAndNumbersAsFabric8Does() {
    String json = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"}},"futureTop":{"x":[1,2.5,\
        "s",null,true,12345678901234,123456789012345678901234567890]},"spec":{"futureField":{"a":1.0e-3},\
        "containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":0.5,"memory":1e3}}}]},\
        "status":{"phase":"Pending"}}""";
    Pod streamed = fast.unmarshal(json);
    assertThat(streamed).isEqualTo(plain.unmarshal(json));
    assertThat(streamed.getAdditionalProperties()).containsKey("futureTop");
    assertThat(streamed.getSpec().getAdditionalProperties()).containsKey("futureField");
    assertThat(fallBacks()).isZero();
  }

  @Test
  void decodesListsWithTheirItems() {
    String podList = "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\"},"
        + "\"items\":[" + fixture("pod.json") + "]}";
    assertThat((Object) fast.unmarshal(podList)).isInstanceOf(PodList.class).isEqualTo(plain.unmarshal(podList));
    // A generic List: each item is a KubernetesResource again, so each goes through the deserializer.
    String list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{},\"items\":[" + fixture("pod.json")
        + ",{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"clusterIP\":\"None\","
        + "\"ports\":[{\"port\":80,\"targetPort\":\"web\"}]}}]}";
    KubernetesList streamed = fast.unmarshal(list);
    assertSame(streamed, plain.unmarshal(list));
    assertThat(streamed.getItems()).hasExactlyElementsOfTypes(Pod.class, Service.class);
    assertThat(fallBacks()).isZero();
  }

  @Test
  void fallsBackForAJsonArray() {
    String array = "[" + fixture("pod.json") + "," + fixture("node.json") + "]";
    assertFallBack(array, KubernetesList.class);
  }

  @Test
  void fallsBackForAKindFabric8DoesNotKnow() {
    String custom = """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},\
        "spec":{"size":3,"ratio":0.5,"tags":["a","b"]}}""";
    assertFallBack(custom, GenericKubernetesResource.class);
    assertFallBack("{\"type\":\"ADDED\",\"object\":" + custom + "}", WatchEvent.class);
  }

  @Test
  void fallsBackWhenTheTypeFieldsAreNotFirst() {
    assertFallBack("""
        {"metadata":{"name":"p"},"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c"}]}}""",
        Pod.class);
    assertFallBack("""
        {"apiVersion":"v1","metadata":{"name":"p"},"kind":"Pod","spec":{"containers":[{"name":"c"}]}}""",
        Pod.class);
    assertFallBack("{\"zzz\":[1,{\"a\":2}],\"apiVersion\":\"v1\",\"kind\":\"Pod\"}", Pod.class);
  }

  @Test
  void fallsBackForObjectsWithoutUsableTypeFields() {
    assertFallBack("{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}", RawExtension.class);
    assertFallBack("{\"apiVersion\":1,\"kind\":\"Pod\"}", RawExtension.class);
    assertFallBack("{\"apiVersion\":null,\"kind\":\"Pod\"}", RawExtension.class);
    assertFallBack("{\"apiVersion\":\"v1\",\"apiVersion\":\"v1\",\"kind\":\"Pod\"}", Pod.class);
    assertFallBack("{\"apiVersion\":\"v1\"}", RawExtension.class);
    assertFallBack("{}", RawExtension.class);
  }

  @Test
  void failsWhereFabric8FailsForAValueOfTheWrongType() {
    String json = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":"not-a-map"},"spec":{}}""";
    Throwable streamed = catchThrowable(() -> fast.unmarshal(json));
    Throwable tree = catchThrowable(() -> plain.unmarshal(json));
    if (tree == null) {
      assertThat((Object) fast.unmarshal(json)).isEqualTo(plain.unmarshal(json));
    } else {
      assertThat(streamed).isNotNull().hasSameClassAs(tree);
    }
  }

  private void assertStreamed(String json, Class<?> objectType) {
    WatchEvent streamed = fast.unmarshal(json, WatchEvent.class);
    assertThat(streamed.getObject()).isInstanceOf(objectType);
    assertThat(streamed).isEqualTo(plain.unmarshal(json, WatchEvent.class));
    assertThat(fallBacks()).isZero();
  }

  private void assertFallBack(String json, Class<?> type) {
    long before = fallBacks();
    Object streamed = json.contains("\"object\"") ? fast.unmarshal(json, WatchEvent.class) : fast.unmarshal(json);
    Object tree = json.contains("\"object\"") ? plain.unmarshal(json, WatchEvent.class) : plain.unmarshal(json);
    assertThat(streamed).isInstanceOf(type);
    assertSame(streamed, tree);
    assertThat(fallBacks()).isEqualTo(before + 1);
  }

  /** Model equality; KubernetesList has no equals of its own, so its parts are compared. */
  private static void assertSame(Object streamed, Object tree) {
    if (streamed instanceof KubernetesList list && tree instanceof KubernetesList other) {
      assertThat(list.getItems()).isEqualTo(other.getItems());
      assertThat(list.getMetadata()).isEqualTo(other.getMetadata());
      assertThat(list.getAdditionalProperties()).isEqualTo(other.getAdditionalProperties());
      assertThat(list.getApiVersion() + "/" + list.getKind()).isEqualTo(other.getApiVersion() + "/" + other.getKind());
    } else {
      assertThat(streamed).isEqualTo(tree);
    }
  }

  private long replays() {
    var instantiator = (StreamingResourceInstantiator) mapper.getDeserializationConfig().getHandlerInstantiator();
    return instantiator.deserializer().replays();
  }

  private long fallBacks() {
    var instantiator = (StreamingResourceInstantiator) mapper.getDeserializationConfig().getHandlerInstantiator();
    return instantiator.deserializer().fallBacks();
  }

  static String fixture(String name) {
    try (InputStream in = StreamingResourceDeserializerTest.class.getResourceAsStream("/resources/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
