package keelson.api.defaults;

import static keelson.api.defaults.DefaultingTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreparationTest {

  @Test
  void resetsStatefulSetStatusAndStartsGenerationAtOne() throws Exception {
    ObjectNode sts = json("{'metadata':{'name':'web'},'spec':{'replicas':2},'status':{'replicas':9}}");
    Preparation.forCreate(BuiltinResources.STATEFUL_SETS, sts);
    assertThat(sts.get("status")).isEqualTo(json("{'replicas':0,'availableReplicas':0}"));
    assertThat(sts.at("/metadata/generation").asInt()).isEqualTo(1);
  }

  @Test
  void startsDaemonSetTemplateGeneration() throws Exception {
    ObjectNode ds = json("{'metadata':{'name':'agent'},'spec':{}}");
    Preparation.forCreate(BuiltinResources.DAEMON_SETS, ds);
    assertThat(ds.at("/metadata/annotations/deprecated.daemonset.template.generation").asText()).isEqualTo("1");
    assertThat(ds.get("status")).isEqualTo(json("{'currentNumberScheduled':0,'numberMisscheduled':0,"
        + "'desiredNumberScheduled':0,'numberReady':0}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}|BestEffort",
      "{'requests':{'cpu':'100m'}}|Burstable",
      "{'requests':{'cpu':'1','memory':'1Gi'},'limits':{'cpu':'1','memory':'1Gi'}}|Guaranteed",
      "{'requests':{'cpu':'500m','memory':'1Gi'},'limits':{'cpu':'1','memory':'1Gi'}}|Burstable"})
  void computesPodQosClass(String resources, String qos) throws Exception {
    ObjectNode pod = json("{'spec':{'containers':[{'name':'c','image':'x','resources':" + resources + "}]}}");
    Preparation.forCreate(BuiltinResources.PODS, pod);
    assertThat(pod.get("status")).isEqualTo(json("{'phase':'Pending','qosClass':'" + qos + "'}"));
    assertThat(pod.at("/metadata/generation").isMissingNode()).isTrue();
  }

  @Test
  void givesNamespacesTheKubernetesFinalizerAndActivePhase() throws Exception {
    ObjectNode ns = json("{'metadata':{'name':'team'}}");
    Preparation.forCreate(BuiltinResources.NAMESPACES, ns);
    assertThat(ns.at("/spec/finalizers")).isEqualTo(json("['kubernetes']"));
    assertThat(ns.at("/status/phase").asText()).isEqualTo("Active");
  }

  @Test
  void bumpsGenerationOnlyWhenTheSpecChanges() throws Exception {
    ObjectNode old = json("{'metadata':{'name':'web','generation':3,'labels':{'a':'b'}},"
        + "'spec':{'replicas':2},'status':{'replicas':2,'observedGeneration':3}}");
    ObjectNode labelsOnly = json("{'metadata':{'name':'web','labels':{'a':'c'}},'spec':{'replicas':2},'status':{}}");
    Preparation.forUpdate(BuiltinResources.STATEFUL_SETS, labelsOnly, old);
    assertThat(labelsOnly.at("/metadata/generation").asInt()).isEqualTo(3);
    assertThat(labelsOnly.get("status")).isEqualTo(old.get("status"));
    ObjectNode scaled = json("{'metadata':{'name':'web'},'spec':{'replicas':5}}");
    Preparation.forUpdate(BuiltinResources.STATEFUL_SETS, scaled, old);
    assertThat(scaled.at("/metadata/generation").asInt()).isEqualTo(4);
  }

  @Test
  void bumpsDaemonSetTemplateGenerationOnTemplateChangeOnly() throws Exception {
    ObjectNode old = json("{'metadata':{'name':'agent','generation':1,'annotations':"
        + "{'deprecated.daemonset.template.generation':'1'}},'spec':{'minReadySeconds':0,"
        + "'template':{'spec':{'containers':[{'image':'a'}]}}}}");
    ObjectNode image = old.deepCopy();
    ((ObjectNode) image.at("/spec/template/spec/containers/0")).put("image", "b");
    Preparation.forUpdate(BuiltinResources.DAEMON_SETS, image, old);
    assertThat(image.at("/metadata/generation").asInt()).isEqualTo(2);
    assertThat(image.at("/metadata/annotations/deprecated.daemonset.template.generation").asText()).isEqualTo("2");
    ObjectNode minReady = old.deepCopy();
    ((ObjectNode) minReady.get("spec")).put("minReadySeconds", 5);
    Preparation.forUpdate(BuiltinResources.DAEMON_SETS, minReady, old);
    assertThat(minReady.at("/metadata/generation").asInt()).isEqualTo(2);
    assertThat(minReady.at("/metadata/annotations/deprecated.daemonset.template.generation").asText()).isEqualTo("1");
  }

  @Test
  void deploymentAnnotationChangesBumpGeneration() throws Exception {
    ObjectNode old = json("{'metadata':{'generation':1},'spec':{'replicas':1}}");
    ObjectNode annotated = json("{'metadata':{'annotations':{'x':'y'}},'spec':{'replicas':1}}");
    Preparation.forUpdate(BuiltinResources.DEPLOYMENTS, annotated, old);
    assertThat(annotated.at("/metadata/generation").asInt()).isEqualTo(2);
  }

  @Test
  void statusUpdatesKeepTheOldSpec() throws Exception {
    ObjectNode old = json("{'metadata':{'generation':2},'spec':{'replicas':3},'status':{'replicas':1}}");
    ObjectNode obj = json("{'metadata':{'generation':7},'spec':{'replicas':9},'status':{'replicas':3,'readyReplicas':3}}");
    Preparation.forStatusUpdate(BuiltinResources.STATEFUL_SETS, obj, old);
    assertThat(obj).isEqualTo(json("{'metadata':{'generation':2},'spec':{'replicas':3},"
        + "'status':{'replicas':3,'readyReplicas':3}}"));
  }

  @Test
  void serviceUpdatesKeepTheAllocatedIpAndNormaliseAChangedOne() throws Exception {
    ObjectNode old = json("{'spec':{'type':'ClusterIP','clusterIP':'10.96.3.4','clusterIPs':['10.96.3.4']}}");
    ObjectNode omitted = json("{'spec':{'type':'ClusterIP'}}");
    Preparation.forUpdate(BuiltinResources.SERVICES, omitted, old);
    assertThat(omitted.at("/spec/clusterIPs")).isEqualTo(json("['10.96.3.4']"));
    ObjectNode none = json("{'spec':{'type':'ClusterIP','clusterIP':'None','clusterIPs':['10.96.3.4']}}");
    Preparation.forUpdate(BuiltinResources.SERVICES, none, old);
    assertThat(none.at("/spec/clusterIPs")).isEqualTo(json("['None']"));
  }

  @Test
  void aStatusUpdateKeepsAnEqualSpecAndPutsBackAChangedOrDroppedOne() throws Exception {
    ObjectNode old = json("{'metadata':{'ownerReferences':[{'name':'o'}]},'spec':{'nodeName':'n1'},'status':{}}");
    ObjectNode same = json("{'metadata':{},'spec':{'nodeName':'n1'},'status':{'phase':'Running'}}");
    JsonNode ownSpec = same.get("spec");
    Preparation.forStatusUpdate(BuiltinResources.PODS, same, old);
    assertThat(same.get("spec")).isSameAs(ownSpec);
    ObjectNode changed = json("{'metadata':{},'spec':{'nodeName':'n2'},'extra':1,'status':{'phase':'Running'}}");
    Preparation.forStatusUpdate(BuiltinResources.PODS, changed, old);
    ObjectNode dropped = json("{'metadata':{},'status':{'phase':'Running'}}");
    Preparation.forStatusUpdate(BuiltinResources.PODS, dropped, old);
    for (ObjectNode pod : List.of(same, changed, dropped)) {
      assertThat(pod).isEqualTo(json("{'metadata':{'ownerReferences':[{'name':'o'}]},'spec':{'nodeName':'n1'},"
          + "'status':{'phase':'Running'}}"));
      assertThat(pod.get("spec")).isNotSameAs(old.get("spec"));
    }
  }
}
