package keelson.api.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EventConversionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
  }

  private static final String CORE = "{'apiVersion':'v1','kind':'Event','metadata':{'name':'web-0.1','namespace':'default'},"
      + "'involvedObject':{'kind':'Pod','name':'web-0','namespace':'default','uid':'u1','fieldPath':'spec.containers{web}'},"
      + "'reason':'Started','message':'Started container web','type':'Normal',"
      + "'source':{'component':'kubelet','host':'node-1'},'firstTimestamp':'2026-01-01T00:00:00Z',"
      + "'lastTimestamp':'2026-01-01T00:00:05Z','count':2,'reportingComponent':'kubelet','reportingInstance':'node-1',"
      + "'eventTime':null}";

  @Test
  void coreFieldsTakeTheirEventsV1Names() throws Exception {
    ObjectNode v1 = EventConversion.toEventsV1(json(CORE));
    assertThat(v1.get("apiVersion").asText()).isEqualTo("events.k8s.io/v1");
    assertThat(v1.at("/regarding/fieldPath").asText()).isEqualTo("spec.containers{web}");
    assertThat(v1.get("note").asText()).isEqualTo("Started container web");
    assertThat(v1.get("reportingController").asText()).isEqualTo("kubelet");
    assertThat(v1.get("reportingInstance").asText()).isEqualTo("node-1");
    assertThat(v1.at("/deprecatedSource/host").asText()).isEqualTo("node-1");
    assertThat(v1.get("deprecatedFirstTimestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(v1.get("deprecatedLastTimestamp").asText()).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(v1.get("deprecatedCount").asInt()).isEqualTo(2);
    assertThat(v1.has("involvedObject") || v1.has("message") || v1.has("source") || v1.has("count")).isFalse();
  }

  @Test
  void roundTripIsLossless() throws Exception {
    ObjectNode core = json(CORE);
    assertThat(EventConversion.toCore(EventConversion.toEventsV1(core))).isEqualTo(core);
    ObjectNode v1 = json("{'apiVersion':'events.k8s.io/v1','kind':'Event','metadata':{'name':'x'},"
        + "'eventTime':'2026-01-01T00:00:00.000000Z','series':{'count':3,'lastObservedTime':'2026-01-01T00:01:00.000000Z'},"
        + "'regarding':{'kind':'Node','name':'n1'},'note':'hi','action':'Binding','reportingController':'default-scheduler',"
        + "'reportingInstance':'default-scheduler-1','unknownField':1}");
    ObjectNode core2 = EventConversion.toCore(v1);
    assertThat(core2.get("apiVersion").asText()).isEqualTo("v1");
    assertThat(core2.at("/series/count").asInt()).isEqualTo(3);
    assertThat(core2.get("message").asText()).isEqualTo("hi");
    assertThat(core2.get("unknownField").asInt()).isEqualTo(1);
    assertThat(EventConversion.toEventsV1(core2)).isEqualTo(v1);
  }

  @Test
  void outboundConvertsListsAndTableRowsButNotStatuses() throws Exception {
    JsonNode list = EventConversion.outbound(json("{'kind':'EventList','apiVersion':'v1','metadata':{},'items':[" + CORE + "]}"));
    assertThat(list.get("apiVersion").asText()).isEqualTo("events.k8s.io/v1");
    assertThat(list.at("/items/0/note").asText()).isEqualTo("Started container web");
    JsonNode table = EventConversion.outbound(json("{'kind':'Table','apiVersion':'meta.k8s.io/v1','rows':[{'cells':[],'object':" + CORE + "}]}"));
    assertThat(table.at("/rows/0/object/apiVersion").asText()).isEqualTo("events.k8s.io/v1");
    ObjectNode status = json("{'kind':'Status','apiVersion':'v1','code':404}");
    assertThat(EventConversion.outbound(status)).isEqualTo(status);
  }
}
