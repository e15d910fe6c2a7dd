package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class WatchEventTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANAGED = """
      [{"manager":"kubelet","operation":"Update","fieldsV1":{"f:status":{"f:podIPs":{".":{},\
      "k:{\\"ip\\":\\"10.244.1.2\\"}":{".":{},"f:ip":{}}}}},"time":"2026-11-27T23:00:09Z"}]""";

  @Test
  void managedFieldsGoWhereverTheyStandInMetadata() throws Exception {
    for (String metadata : new String[] {
        "{\"managedFields\":" + MANAGED + ",\"name\":\"p\",\"uid\":\"u\"}",
        "{\"name\":\"p\",\"managedFields\":" + MANAGED + ",\"uid\":\"u\"}",
        "{\"name\":\"p\",\"uid\":\"u\",\"managedFields\":" + MANAGED + "}",
        "{ \"name\" : \"p\" , \"uid\":\"u\" ,\n \"managedFields\" : " + MANAGED + " \n}"}) {
      String event = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\",\"metadata\":" + metadata
          + ",\"status\":{\"phase\":\"Running\"}}}";
      String cut = WatchEventText.withoutManagedFields(event);
      ObjectNode expected = (ObjectNode) JSON.readTree(event);
      ((ObjectNode) expected.path("object").path("metadata")).remove("managedFields");
      assertThat(JSON.readTree(cut)).as(metadata).isEqualTo(expected);
      assertThat(new String(WatchEventText.withoutManagedFieldsChars(event))).as("as characters").isEqualTo(cut);
    }
  }

  @Test
  void onlyTheObjectsOwnMetadataCounts() throws Exception {
    // The same names elsewhere (a label value, a nested object, the event's own members) stay.
    String event = """
        {"type":"ADDED","managedFields":1,"object":{"spec":{"metadata":{"managedFields":[]}},\
        "metadata":{"labels":{"managedFields":"x","a\\"b":"}"},"name":"p"},"status":{}}}""";
    assertThat(WatchEventText.withoutManagedFields(event)).isEqualTo(event);
  }

  @Test
  void textItCannotFollowIsLeftAsItIs() {
    for (String odd : new String[] {"", "[]", "{", "{\"object\":", "{\"object\":{\"metadata\":{\"managedFields\":[",
        "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":410}}", "not json"}) {
      assertThat(WatchEventText.withoutManagedFields(odd)).isEqualTo(odd);
      assertThat(new String(WatchEventText.withoutManagedFieldsChars(odd))).isEqualTo(odd);
    }
  }

  @Test
  void theComponentsDecodeWatchEventsWithoutManagedFieldsAndEverythingElseWhole() throws Exception {
    KubernetesSerialization components = ClientSerialization.create();
    String pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"managedFields\":"
        + MANAGED + ",\"labels\":{\"app\":\"a\"}},\"status\":{\"podIP\":\"10.244.1.2\"}}";
    WatchEvent event = components.unmarshal("{\"type\":\"ADDED\",\"object\":" + pod + "}", WatchEvent.class);
    Pod decoded = (Pod) event.getObject();
    assertThat(decoded.getMetadata().getManagedFields()).isEmpty();
    assertThat(decoded.getMetadata().getLabels()).containsEntry("app", "a");
    assertThat(decoded.getStatus().getPodIP()).isEqualTo("10.244.1.2");
    // A pod read on its own keeps them.
    assertThat(components.unmarshal(pod, Pod.class).getMetadata().getManagedFields()).hasSize(1);
  }
}
