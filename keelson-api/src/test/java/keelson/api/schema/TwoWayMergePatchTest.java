package keelson.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.junit.jupiter.api.Test;

class TwoWayMergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectSchema POD_STATUS = Schemas.of(PodStatus.class);

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode diff(String original, String modified) {
    return TwoWayMergePatch.create(json(original), json(modified), POD_STATUS);
  }

  @Test
  void equalObjectsGiveAnEmptyPatch() {
    String status = "{'phase':'Running','conditions':[{'type':'Ready','status':'True'}],"
        + "'containerStatuses':[{'name':'c','ready':true}]}";
    assertThat(diff(status, status)).isEqualTo(json("{}"));
  }

  @Test
  void changedScalarsAreSetAndRemovedFieldsBecomeNull() {
    assertThat(diff("{'phase':'Pending','message':'m','startTime':'t'}", "{'phase':'Running','startTime':'t','podIP':'10.0.0.1'}"))
        .isEqualTo(json("{'phase':'Running','podIP':'10.0.0.1','message':null}"));
  }

  @Test
  void conditionsMergeByTypeWithOnlyTheChangedFieldsAndTheNewOrder() {
    JsonNode patch = diff(
        "{'conditions':[{'type':'Initialized','status':'True','lastTransitionTime':'t0'},"
            + "{'type':'Ready','status':'False','reason':'ContainersNotReady','lastTransitionTime':'t0'}]}",
        "{'conditions':[{'type':'Initialized','status':'True','lastTransitionTime':'t0'},"
            + "{'type':'Ready','status':'True','lastTransitionTime':'t1'}]}");
    assertThat(patch).isEqualTo(json("{'conditions':[{'type':'Ready','status':'True','lastTransitionTime':'t1','reason':null}],"
        + "'$setElementOrder/conditions':[{'type':'Initialized'},{'type':'Ready'}]}"));
  }

  @Test
  void addedElementsComeWholeAndGoneOnesAsDeleteDirectivesAfterThem() {
    JsonNode patch = diff(
        "{'conditions':[{'type':'A','status':'True'},{'type':'B','status':'True'}]}",
        "{'conditions':[{'type':'C','status':'False'},{'type':'A','status':'True'}]}");
    assertThat(patch).isEqualTo(json("{'conditions':[{'type':'C','status':'False'},{'$patch':'delete','type':'B'}],"
        + "'$setElementOrder/conditions':[{'type':'C'},{'type':'A'}]}"));
  }

  @Test
  void aReorderAloneIsSentAsTheElementOrder() {
    JsonNode patch = diff("{'podIPs':[{'ip':'a'},{'ip':'b'}]}", "{'podIPs':[{'ip':'b'},{'ip':'a'}]}");
    assertThat(patch).isEqualTo(json("{'$setElementOrder/podIPs':[{'ip':'b'},{'ip':'a'}]}"));
  }

  @Test
  void aListWithoutMergeStrategyIsReplacedWhole() {
    // containerStatuses carries no patchStrategy in Kubernetes' Go types: it is atomic.
    String before = "{'containerStatuses':[{'name':'a','ready':false},{'name':'b','ready':true}]}";
    String after = "{'containerStatuses':[{'name':'a','ready':true},{'name':'b','ready':true}]}";
    assertThat(diff(before, after)).isEqualTo(json(after));
  }

  @Test
  void nestedObjectsDiffFieldByField() {
    JsonNode patch = TwoWayMergePatch.create(
        json("{'metadata':{'name':'p','labels':{'a':'1','b':'2'}},'status':{'phase':'Pending'}}"),
        json("{'metadata':{'name':'p','labels':{'a':'1','c':'3'}},'status':{'phase':'Pending'}}"),
        Schemas.of(io.fabric8.kubernetes.api.model.Pod.class));
    assertThat(patch).isEqualTo(json("{'metadata':{'labels':{'c':'3','b':null}}}"));
  }

  @Test
  void aSetOfScalarsListsAdditionsDeletionsAndOrder() {
    JsonNode patch = TwoWayMergePatch.create(json("{'finalizers':['a','b']}"), json("{'finalizers':['c','a']}"),
        Schemas.of(ObjectMeta.class));
    assertThat(patch).isEqualTo(json("{'finalizers':['c'],'$deleteFromPrimitiveList/finalizers':['b'],"
        + "'$setElementOrder/finalizers':['c','a']}"));
  }

  @Test
  void anElementWithoutItsMergeKeyIsRefused() {
    assertThatThrownBy(() -> diff("{'conditions':[{'type':'A'}]}", "{'conditions':[{'status':'True'}]}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("merge key type");
  }
}
