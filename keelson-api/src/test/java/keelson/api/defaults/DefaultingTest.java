package keelson.api.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.registry.BuiltinResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @SuppressWarnings("unchecked")
  static <T extends JsonNode> T json(String singleQuoted) throws Exception {
    return (T) MAPPER.readTree(singleQuoted.replace('\'', '"'));
  }

  @Test
  void defaultsAStatefulSetAsRolloutStatusNeedsIt() throws Exception {
    ObjectNode sts = json("{'metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'nginx'}},"
        + "'template':{'metadata':{'labels':{'app':'nginx'}},'spec':{'containers':[{'name':'nginx',"
        + "'image':'nginx:1.25','ports':[{'containerPort':80}]}]}},"
        + "'volumeClaimTemplates':[{'metadata':{'name':'www'},'spec':{'accessModes':['ReadWriteOnce'],"
        + "'resources':{'requests':{'storage':'1Gi'}}}}]}}");
    Defaulting.apply(BuiltinResources.STATEFUL_SETS, sts);
    assertThat(sts.at("/spec/updateStrategy")).isEqualTo(json("{'type':'RollingUpdate','rollingUpdate':{'partition':0}}"));
    assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(sts.at("/spec/podManagementPolicy").asText()).isEqualTo("OrderedReady");
    assertThat(sts.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(sts.at("/spec/persistentVolumeClaimRetentionPolicy"))
        .isEqualTo(json("{'whenDeleted':'Retain','whenScaled':'Retain'}"));
    assertThat(sts.has("minReadySeconds")).isFalse();
    assertThat(sts.at("/spec/template/spec"))
        .as("enableServiceLinks is defaulted on pods only, not on templates")
        .isEqualTo(json("{'containers':[{'name':'nginx',"
        + "'image':'nginx:1.25','ports':[{'containerPort':80,'protocol':'TCP'}],"
        + "'imagePullPolicy':'IfNotPresent','terminationMessagePath':'/dev/termination-log',"
        + "'terminationMessagePolicy':'File'}],'dnsPolicy':'ClusterFirst','restartPolicy':'Always',"
        + "'securityContext':{},'terminationGracePeriodSeconds':30,'schedulerName':'default-scheduler'}"));
    assertThat(sts.at("/spec/volumeClaimTemplates/0")).isEqualTo(json("{'metadata':{'name':'www'},"
        + "'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}},"
        + "'volumeMode':'Filesystem'},'apiVersion':'v1','kind':'PersistentVolumeClaim',"
        + "'status':{'phase':'Pending'}}"));
  }

  @Test
  void keepsAnExplicitRollingUpdateWithoutBlockAsIs() throws Exception {
    ObjectNode sts = json("{'spec':{'updateStrategy':{'type':'RollingUpdate'}}}");
    Defaulting.apply(BuiltinResources.STATEFUL_SETS, sts);
    assertThat(sts.at("/spec/updateStrategy")).isEqualTo(json("{'type':'RollingUpdate'}"));
  }

  @Test
  void defaultsPartitionInsideAGivenRollingUpdateBlock() throws Exception {
    ObjectNode sts = json("{'spec':{'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{}}}}");
    Defaulting.apply(BuiltinResources.STATEFUL_SETS, sts);
    assertThat(sts.at("/spec/updateStrategy/rollingUpdate/partition").asInt()).isZero();
  }

  @Test
  void defaultsDaemonSetStrategyAndDeployment() throws Exception {
    ObjectNode ds = json("{'spec':{}}");
    Defaulting.apply(BuiltinResources.DAEMON_SETS, ds);
    assertThat(ds.at("/spec/updateStrategy"))
        .isEqualTo(json("{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':1,'maxSurge':0}}"));
    assertThat(ds.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
    ObjectNode deploy = json("{'spec':{}}");
    Defaulting.apply(BuiltinResources.DEPLOYMENTS, deploy);
    assertThat(deploy.at("/spec/strategy"))
        .isEqualTo(json("{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':'25%','maxSurge':'25%'}}"));
    assertThat(deploy.at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(600);
    assertThat(deploy.at("/spec/replicas").asInt()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"nginx,Always", "nginx:latest,Always", "nginx:1.25,IfNotPresent",
      "registry.k8s.io/nginx-slim:0.24,IfNotPresent", "localhost:5000/app,Always",
      "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,IfNotPresent",
      "'',IfNotPresent"})
  void choosesImagePullPolicyFromTheTag(String image, String policy) throws Exception {
    ObjectNode pod = json("{'spec':{'containers':[{'name':'c','image':'" + image + "'}]}}");
    Defaulting.apply(BuiltinResources.PODS, pod);
    assertThat(pod.at("/spec/containers/0/imagePullPolicy").asText()).isEqualTo(policy);
  }

  @Test
  void defaultsProbesAndCopiesLimitsToRequestsForPods() throws Exception {
    ObjectNode pod = json("{'spec':{'containers':[{'name':'c','image':'x:1',"
        + "'resources':{'limits':{'cpu':'1'}},'readinessProbe':{'httpGet':{'port':80}}}]}}");
    Defaulting.apply(BuiltinResources.PODS, pod);
    assertThat(pod.at("/spec/containers/0/resources/requests/cpu").asText()).isEqualTo("1");
    assertThat(pod.at("/spec/containers/0/readinessProbe")).isEqualTo(json("{'httpGet':{'port':80,"
        + "'path':'/','scheme':'HTTP'},'timeoutSeconds':1,'periodSeconds':10,'successThreshold':1,"
        + "'failureThreshold':3}"));
  }

  @Test
  void defaultsServicesWithoutAllocatingAnIp() throws Exception {
    ObjectNode svc = json("{'metadata':{'name':'web'},'spec':{'selector':{'app':'web'},'ports':[{'port':80}]}}");
    Defaulting.apply(BuiltinResources.SERVICES, svc);
    assertThat(svc.get("spec")).isEqualTo(json("{'selector':{'app':'web'},'ports':[{'port':80,"
        + "'protocol':'TCP','targetPort':80}],'sessionAffinity':'None','type':'ClusterIP',"
        + "'internalTrafficPolicy':'Cluster','ipFamilyPolicy':'SingleStack','ipFamilies':['IPv4']}"));
  }

  @Test
  void mirrorsAHeadlessClusterIpIntoClusterIps() throws Exception {
    ObjectNode svc = json("{'spec':{'clusterIP':'None','selector':{'app':'nginx'},"
        + "'ports':[{'port':80,'name':'web'}]}}");
    Defaulting.apply(BuiltinResources.SERVICES, svc);
    assertThat(svc.at("/spec/clusterIPs")).isEqualTo(json("['None']"));
    assertThat(svc.at("/spec/ipFamilyPolicy").asText()).isEqualTo("SingleStack");
  }

  @Test
  void defaultsStorageKindsSecretsAndNamespaces() throws Exception {
    ObjectNode sc = json("{'provisioner':'x'}");
    Defaulting.apply(BuiltinResources.STORAGE_CLASSES, sc);
    assertThat(sc).isEqualTo(json("{'provisioner':'x','reclaimPolicy':'Delete','volumeBindingMode':'Immediate'}"));
    ObjectNode pv = json("{'spec':{}}");
    Defaulting.apply(BuiltinResources.PERSISTENT_VOLUMES, pv);
    assertThat(pv.at("/spec/persistentVolumeReclaimPolicy").asText()).isEqualTo("Retain");
    assertThat(pv.at("/spec/volumeMode").asText()).isEqualTo("Filesystem");
    ObjectNode secret = json("{'stringData':{'a':'b'}}");
    Defaulting.apply(BuiltinResources.SECRETS, secret);
    assertThat(secret).isEqualTo(json("{'type':'Opaque','data':{'a':'Yg=='}}"));
    ObjectNode ns = json("{'metadata':{'name':'team'}}");
    Defaulting.apply(BuiltinResources.NAMESPACES, ns);
    assertThat(ns.at("/metadata/labels/kubernetes.io~1metadata.name").asText()).isEqualTo("team");
  }

  @Test
  void anEndpointSliceWithoutEndpointsSaysSoWithANull() throws Exception {
    ObjectNode empty = json("{'metadata':{'name':'web-abc'},'addressType':'IPv4'}");
    Defaulting.apply(BuiltinResources.ENDPOINT_SLICES, empty);
    assertThat(empty.get("endpoints").isNull()).isTrue();

    ObjectNode full = json("{'metadata':{'name':'web-abc'},'addressType':'IPv4','endpoints':[{'addresses':['10.0.0.1']}]}");
    Defaulting.apply(BuiltinResources.ENDPOINT_SLICES, full);
    assertThat(full.get("endpoints").size()).isEqualTo(1);
  }

  @Test
  void podDefaultsFillOnlyTheSpecSoThatStatusWritesMaySkipThem() throws Exception {
    ObjectNode pod = json("{'metadata':{'name':'p','labels':{'a':'b'}},'spec':{'containers':[{'name':'c',"
        + "'image':'nginx','resources':{'limits':{'cpu':'1'}}}],'initContainers':[{'name':'i','image':'busybox'}]},"
        + "'status':{'phase':'Pending','conditions':[{'type':'Ready','status':'False'}]}}");
    ObjectNode before = pod.deepCopy();
    Defaulting.apply(BuiltinResources.PODS, pod);
    assertThat(pod.get("spec")).isNotEqualTo(before.get("spec"));
    pod.remove("spec");
    before.remove("spec");
    assertThat(pod).isEqualTo(before);
    assertThat(Defaulting.fillsOnlySpec(BuiltinResources.PODS)).isTrue();
    assertThat(Defaulting.fillsOnlySpec(BuiltinResources.NODES)).isFalse();
    assertThat(Defaulting.fillsOnlySpec(BuiltinResources.NAMESPACES)).isFalse();
  }
}
