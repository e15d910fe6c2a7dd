package keelson.api.validation;

import static keelson.api.validation.Manifests.daemonSet;
import static keelson.api.validation.Manifests.json;
import static keelson.api.validation.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import org.junit.jupiter.api.Test;

class WorkloadAndServiceValidationTest {

  private static List<String> create(ResourceType type, ObjectNode obj) {
    return Validation.validateCreate(type, obj).stream().map(FieldError::toString).toList();
  }

  private static List<String> update(ResourceType type, ObjectNode obj, ObjectNode old) {
    return Validation.validateUpdate(type, obj, old).stream().map(FieldError::toString).toList();
  }

  @Test
  void rejectsADaemonSetContainerWithoutImage() {
    assertThat(create(BuiltinResources.DAEMON_SETS,
        daemonSet("{'matchLabels':{'app':'a'}}", "{'app':'a'}", null)))
        .containsExactly("spec.template.spec.containers[0].image: Required value");
  }

  @Test
  void reportsOnlyTheLabelMismatchForADaemonSetWithoutSelector() {
    assertThat(create(BuiltinResources.DAEMON_SETS, daemonSet(null, "{'app':'a'}", "x:1")))
        .containsExactly("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"a\"}:"
            + " `selector` does not match template `labels`");
  }

  @Test
  void reportsEmptyDaemonSetSelector() {
    assertThat(create(BuiltinResources.DAEMON_SETS, daemonSet("{}", "{'app':'a'}", "x:1")))
        .containsExactly("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil),"
            + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset");
  }

  @Test
  void rejectsBothAndNeitherOfMaxSurgeAndMaxUnavailable() {
    ObjectNode both = daemonSet("{'matchLabels':{'app':'a'}}", "{'app':'a'}", "x:1");
    ((ObjectNode) both.at("/spec/updateStrategy/rollingUpdate")).put("maxSurge", 1);
    assertThat(create(BuiltinResources.DAEMON_SETS, both)).containsExactly(
        "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0,"
            + " IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero");
    ObjectNode neither = daemonSet("{'matchLabels':{'app':'a'}}", "{'app':'a'}", "x:1");
    ((ObjectNode) neither.at("/spec/updateStrategy/rollingUpdate")).put("maxUnavailable", 0);
    assertThat(create(BuiltinResources.DAEMON_SETS, neither)).containsExactly(
        "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0");
  }

  @Test
  void forbidsChangingADaemonSetSelector() {
    ObjectNode old = daemonSet("{'matchLabels':{'app':'a'}}", "{'app':'a','b':'c'}", "x:1");
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.at("/spec/selector/matchLabels")).put("b", "c");
    assertThat(update(BuiltinResources.DAEMON_SETS, changed, old)).containsExactly(
        "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"a\","
            + " \"b\":\"c\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
  }

  @Test
  void daemonSetTemplateRulesNameTheKind() {
    ObjectNode ds = daemonSet("{'matchLabels':{'app':'a'}}", "{'app':'a'}", "x:1");
    ((ObjectNode) ds.at("/spec/template/spec")).put("activeDeadlineSeconds", 10);
    assertThat(create(BuiltinResources.DAEMON_SETS, ds)).containsExactly(
        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported");
  }

  @Test
  void rejectsInvalidDaemonSetNameWithTheSubdomainMessage() {
    ObjectNode ds = daemonSet("{'matchLabels':{'app':'a'}}", "{'app':'a'}", "x:1");
    ((ObjectNode) ds.get("metadata")).put("name", "Agent");
    assertThat(create(BuiltinResources.DAEMON_SETS, ds)).containsExactly(
        "metadata.name: Invalid value: \"Agent\": a lowercase RFC 1123 subdomain must consist of lower"
            + " case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric"
            + " character (e.g. 'example.com', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }

  private static final String DEFAULTED = "'sessionAffinity':'None','internalTrafficPolicy':'Cluster',"
      + "'ipFamilyPolicy':'SingleStack','ipFamilies':['IPv4']";

  @Test
  void acceptsTheTutorialHeadlessService() {
    assertThat(create(BuiltinResources.SERVICES, service("{'type':'ClusterIP','clusterIP':'None',"
        + "'clusterIPs':['None'],'selector':{'app':'nginx'},'ports':[{'name':'web','port':80,"
        + "'protocol':'TCP','targetPort':80}]," + DEFAULTED + "}"))).isEmpty();
  }

  @Test
  void rejectsHeadlessNodePortAndLoadBalancer() {
    for (String type : List.of("NodePort", "LoadBalancer")) {
      assertThat(create(BuiltinResources.SERVICES, service("{'type':'" + type + "','clusterIP':'None',"
          + "'clusterIPs':['None'],'ports':[{'port':80,'protocol':'TCP','targetPort':80}],"
          + DEFAULTED + "}"))).containsExactly(
          "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for " + type + " services");
    }
  }

  @Test
  void rejectsChangingAnAllocatedClusterIp() {
    ObjectNode old = service("{'type':'ClusterIP','clusterIP':'10.96.10.20','clusterIPs':['10.96.10.20'],"
        + "'ports':[{'port':80,'protocol':'TCP','targetPort':80}]," + DEFAULTED + "}");
    ObjectNode headless = old.deepCopy();
    ((ObjectNode) headless.get("spec")).put("clusterIP", "None");
    ((ObjectNode) headless.get("spec")).putArray("clusterIPs").add("None");
    assertThat(update(BuiltinResources.SERVICES, headless, old)).containsExactly(
        "spec.clusterIPs[0]: Invalid value: []string{\"None\"}: may not change once set");
  }

  @Test
  void requiresPortsAndNamesWhenSeveral() {
    assertThat(create(BuiltinResources.SERVICES, service("{'type':'ClusterIP'," + DEFAULTED + "}")))
        .containsExactly("spec.ports: Required value");
    assertThat(create(BuiltinResources.SERVICES, service("{'type':'ClusterIP','ports':["
        + "{'name':'http','port':80,'protocol':'TCP','targetPort':80},"
        + "{'port':443,'protocol':'TCP','targetPort':443}]," + DEFAULTED + "}")))
        .containsExactly("spec.ports[1].name: Required value");
  }

  @Test
  void rejectsBadServiceNamesTypesAndProtocols() {
    ObjectNode svc = service("{'type':'Magic','ports':[{'port':70000,'protocol':'HTTP','targetPort':80}],"
        + DEFAULTED + "}");
    ((ObjectNode) svc.get("metadata")).put("name", "1web");
    assertThat(create(BuiltinResources.SERVICES, svc)).containsExactly(
        "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric"
            + " characters or '-', start with an alphabetic character, and end with an alphanumeric"
            + " character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
            + " '[a-z]([-a-z0-9]*[a-z0-9])?')",
        "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
        "spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
        "spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\","
            + " \"LoadBalancer\", \"NodePort\"");
  }

  @Test
  void requiresAnExternalNameForExternalNameServices() {
    assertThat(create(BuiltinResources.SERVICES, service("{'type':'ExternalName','sessionAffinity':'None'}")))
        .containsExactly("spec.externalName: Required value");
  }

  @Test
  void validatesDeploymentsAsReplicaSetTemplates() {
    ObjectNode deploy = json("{'metadata':{'name':'web','namespace':'default'},'spec':{'replicas':1,"
        + "'selector':{'matchLabels':{'app':'web'}},'strategy':{'type':'RollingUpdate','rollingUpdate':"
        + "{'maxUnavailable':0,'maxSurge':0}},'revisionHistoryLimit':10,'progressDeadlineSeconds':600,"
        + "'template':{'metadata':{'labels':{'app':'web'}},'spec':" + Manifests.podSpec("nginx") + "}}}");
    assertThat(create(BuiltinResources.DEPLOYMENTS, deploy)).containsExactly(
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0,"
            + " StrVal:\"\"}: may not be 0 when `maxSurge` is 0");
  }
}
