package keelson.api.selectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keelson.api.registry.BuiltinResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSelectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final JsonNode PENDING_POD = json("""
      {"metadata":{"name":"web-0","namespace":"default"},"spec":{"restartPolicy":"Always"},
       "status":{"phase":"Pending"}}""");
  private static final JsonNode RUNNING_POD = json("""
      {"metadata":{"name":"web-1","namespace":"default"},
       "spec":{"nodeName":"kind-worker","hostNetwork":true,"schedulerName":"default-scheduler"},
       "status":{"phase":"Running","podIP":"10.244.1.2","podIPs":[{"ip":"10.244.1.2"}]}}""");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "spec.nodeName=|true|false",
      "spec.nodeName!=|false|true",
      "spec.nodeName=kind-worker|false|true",
      "spec.host=kind-worker|false|true",
      "status.phase!=Running|true|false",
      "status.phase==Running,metadata.name=web-1|false|true",
      "spec.hostNetwork=false|true|false",
      "status.podIP=10.244.1.2|false|true",
      "status.podIPs=|true|true",
      "metadata.namespace=default,metadata.name=web-0|true|false",
      "spec.restartPolicy=Always|true|false",
      "''|true|true"})
  void matchesPodFieldsWithMissingOnesEmpty(String selector, boolean pending, boolean running) {
    FieldSelector parsed = FieldSelector.parse(BuiltinResources.PODS, selector);
    assertThat(parsed.matches(PENDING_POD)).isEqualTo(pending);
    assertThat(parsed.matches(RUNNING_POD)).isEqualTo(running);
    // The watch cache selects on extracted attributes instead of trees: same answers.
    assertThat(parsed.matches(SelectorAttributes.of(BuiltinResources.PODS, PENDING_POD))).isEqualTo(pending);
    assertThat(parsed.matches(SelectorAttributes.of(BuiltinResources.PODS, RUNNING_POD))).isEqualTo(running);
  }

  @Test
  void attributesHoldLabelsAndEveryFieldOfTheKind() {
    JsonNode pod = json("""
        {"metadata":{"name":"web-0","namespace":"default","labels":{"app":"web","tier":"db"}},
         "spec":{"nodeName":"node-1"}}""");
    SelectorAttributes attributes = SelectorAttributes.of(BuiltinResources.PODS, pod);
    assertThat(attributes.labels()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("app", "web", "tier", "db"));
    assertThat(attributes.field("spec.nodeName")).isEqualTo("node-1");
    assertThat(attributes.field("metadata.namespace")).isEqualTo("default");
    assertThat(attributes.field("status.phase")).isEmpty();
    assertThat(SelectorAttributes.of(BuiltinResources.NODES, json("{\"metadata\":{\"name\":\"n\"}}")).labels())
        .isEmpty();
  }

  @Test
  void unsupportedLabelOfConvertingKindUsesFieldLabelText() {
    assertThatThrownBy(() -> FieldSelector.parse(BuiltinResources.PODS, "spec.containers=x"))
        .isInstanceOf(SelectorException.class).hasMessage("field label not supported: spec.containers");
    assertThatThrownBy(() -> FieldSelector.parse(BuiltinResources.NODES, "metadata.namespace=x"))
        .hasMessage("field label not supported: metadata.namespace");
  }

  @Test
  void unsupportedLabelOfOtherKindsUsesDefaultText() {
    assertThatThrownBy(() -> FieldSelector.parse(BuiltinResources.STATEFUL_SETS, "spec.replicas=3"))
        .hasMessage("\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "metadata.name|invalid selector: 'metadata.name'; can't understand 'metadata.name'",
      "metadata.name=a\\x|invalid field selector: invalid escape sequence: \\x",
      "metadata.name=a\\|invalid field selector: invalid escape sequence: \\",
      "metadata.name=a=b|invalid field selector: unescaped character in value: 61"})
  void rejectsBadSyntaxWithApiserverWords(String selector, String message) {
    assertThatThrownBy(() -> FieldSelector.parse(BuiltinResources.CONFIG_MAPS, selector)).hasMessage(message);
  }

  @Test
  void unescapesAndEscapesValues() {
    FieldSelector selector = FieldSelector.parse(BuiltinResources.CONFIG_MAPS, "metadata.name=a\\,b\\=c\\\\d");
    assertThat(selector.requiredValue("metadata.name")).isEqualTo("a,b=c\\d");
    assertThat(selector.toString()).isEqualTo("metadata.name=a\\,b\\=c\\\\d");
    assertThat(selector.matches(json("{\"metadata\":{\"name\":\"a,b=c\\\\d\"}}"))).isTrue();
  }

  @Test
  void sortsTermsAndReportsRequiredValues() {
    FieldSelector selector = FieldSelector.parse(BuiltinResources.PODS, "status.phase!=Failed,spec.host=n1");
    assertThat(selector.toString()).isEqualTo("spec.nodeName=n1,status.phase!=Failed");
    assertThat(selector.requiredValue("spec.nodeName")).isEqualTo("n1");
    assertThat(selector.requiredValue("status.phase")).isNull();
  }

  @Test
  void evaluatesEventAndOtherKindFields() {
    JsonNode event = json("""
        {"metadata":{"name":"web.1","namespace":"default"},"reason":"SuccessfulCreate","type":"Normal",
         "involvedObject":{"kind":"StatefulSet","name":"web","namespace":"default"},
         "reportingComponent":"statefulset-controller"}""");
    assertThat(FieldSelector.parse(BuiltinResources.EVENTS,
        "involvedObject.kind=StatefulSet,involvedObject.name=web,reason=SuccessfulCreate,source=statefulset-controller")
        .matches(event)).isTrue();
    assertThat(FieldSelector.parse(BuiltinResources.EVENTS, "involvedObject.name=web,source=statefulset-controller")
        .matches(SelectorAttributes.of(BuiltinResources.EVENTS, event))).isTrue();
    assertThat(FieldSelector.parse(BuiltinResources.SECRETS, "type=Opaque")
        .matches(json("{\"metadata\":{\"name\":\"s\"},\"type\":\"Opaque\"}"))).isTrue();
    assertThat(FieldSelector.parse(BuiltinResources.NODES, "spec.unschedulable=false")
        .matches(json("{\"metadata\":{\"name\":\"n\"}}"))).isTrue();
    assertThat(FieldSelector.parse(BuiltinResources.NAMESPACES, "status.phase=Active")
        .matches(json("{\"metadata\":{\"name\":\"n\"},\"status\":{\"phase\":\"Active\"}}"))).isTrue();
    assertThat(FieldSelector.parse(BuiltinResources.REPLICA_SETS, "status.replicas=0")
        .matches(json("{\"metadata\":{\"name\":\"r\"}}"))).isTrue();
  }
}
