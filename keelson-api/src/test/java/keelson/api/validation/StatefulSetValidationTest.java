package keelson.api.validation;

import static keelson.api.validation.Manifests.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatefulSetValidationTest {
  private static final String APP_NGINX = "{'matchLabels':{'app':'nginx'}}";

  private static List<String> create(ObjectNode obj) {
    return Validation.validateCreate(BuiltinResources.STATEFUL_SETS, obj).stream()
        .map(FieldError::toString).toList();
  }

  private static List<String> update(ObjectNode obj, ObjectNode old) {
    return Validation.validateUpdate(BuiltinResources.STATEFUL_SETS, obj, old).stream()
        .map(FieldError::toString).toList();
  }

  @Test
  void acceptsTheTutorialSet() {
    assertThat(create(statefulSet("web", APP_NGINX, "{'app':'nginx'}"))).isEmpty();
  }

  @Test
  void reportsSelectorNotMatchingTemplateLabels() {
    assertThat(create(statefulSet("web", APP_NGINX, "{'app':'web'}"))).containsExactly(
        "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}:"
            + " `selector` does not match template `labels`");
  }

  @Test
  void reportsMissingSelectorTwice() {
    List<FieldError> errors = Validation.validateCreate(BuiltinResources.STATEFUL_SETS,
        statefulSet("web", null, "{'app':'nginx'}"));
    assertThat(errors).extracting(FieldError::toString).containsExactly(
        "spec.selector: Required value",
        "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}:"
            + " `selector` does not match template `labels`");
    assertThat(errors).extracting(e -> e.type().reason())
        .containsExactly("FieldValueRequired", "FieldValueInvalid");
    assertThat(errors.get(0).message()).isEqualTo("Required value");
  }

  @Test
  void reportsEmptySelectorWithoutLabelMismatch() {
    assertThat(create(statefulSet("web", "{}", "{'app':'nginx'}"))).containsExactly(
        "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil),"
            + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset");
  }

  @Test
  void rejectsNegativeReplicas() {
    ObjectNode sts = statefulSet("web", APP_NGINX, "{'app':'nginx'}");
    ((ObjectNode) sts.get("spec")).put("replicas", -1);
    assertThat(create(sts)).containsExactly(
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
  }

  @Test
  void rejectsNegativeMinReadySecondsPartitionAndStart() {
    ObjectNode sts = statefulSet("web", APP_NGINX, "{'app':'nginx'}");
    ObjectNode spec = (ObjectNode) sts.get("spec");
    spec.put("minReadySeconds", -1);
    spec.putObject("ordinals").put("start", -1);
    ((ObjectNode) spec.get("updateStrategy").get("rollingUpdate")).put("partition", -1);
    assertThat(create(sts)).containsExactly(
        "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
        "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
        "spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0");
  }

  @Test
  void rejectsUppercaseNameWithTheDoubleSpace() {
    assertThat(create(statefulSet("Web", APP_NGINX, "{'app':'nginx'}"))).containsExactly(
        "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case"
            + " alphanumeric characters or '-', and must start and end with an alphanumeric character"
            + " (e.g. 'my-name',  or '123-abc', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"web_1", "web.v1"})
  void rejectsNamesThatAreNotDnsLabels(String name) {
    assertThat(create(statefulSet(name, APP_NGINX, "{'app':'nginx'}"))).singleElement()
        .asString().startsWith("metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123 label");
  }

  @Test
  void rejectsLongNamesWithBothMessages() {
    String name = "a".repeat(64);
    assertThat(create(statefulSet(name, APP_NGINX, "{'app':'nginx'}"))).containsExactly(
        "metadata.name: Invalid value: \"" + name + "\": must be no more than 63 characters");
  }

  @Test
  void acceptsATemplateWithoutImageBecauseThePodSpecIsNotValidated() {
    ObjectNode sts = statefulSet("web", APP_NGINX, "{'app':'nginx'}");
    ((ObjectNode) sts.at("/spec/template/spec/containers/0")).remove("image");
    assertThat(create(sts)).isEmpty();
  }

  @Test
  void rejectsTemplateRestartPolicyAndDeadline() {
    ObjectNode sts = statefulSet("web", APP_NGINX, "{'app':'nginx'}");
    ObjectNode podSpec = (ObjectNode) sts.at("/spec/template/spec");
    podSpec.put("restartPolicy", "Never");
    podSpec.put("activeDeadlineSeconds", 5);
    assertThat(create(sts)).containsExactly(
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported");
  }

  @Test
  void rejectsBadPoliciesAndStrategies() {
    ObjectNode sts = statefulSet("web", APP_NGINX, "{'app':'nginx'}");
    ObjectNode spec = (ObjectNode) sts.get("spec");
    spec.put("podManagementPolicy", "Foo");
    ((ObjectNode) spec.get("updateStrategy")).put("type", "OnDelete");
    ((ObjectNode) spec.get("persistentVolumeClaimRetentionPolicy")).put("whenDeleted", "Keep");
    assertThat(create(sts)).containsExactly(
        "spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'",
        "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:0,"
            + " MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
        "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\":"
            + " supported values: \"Retain\", \"Delete\"");
  }

  @Test
  void rejectsUnknownUpdateStrategyType() {
    ObjectNode sts = statefulSet("web", APP_NGINX, "{'app':'nginx'}");
    ObjectNode strategy = (ObjectNode) sts.at("/spec/updateStrategy");
    strategy.put("type", "Sometimes");
    strategy.remove("rollingUpdate");
    assertThat(create(sts)).containsExactly(
        "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Sometimes\","
            + " RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'");
  }

  private static final String FORBIDDEN = "spec: Forbidden: updates to statefulset spec for fields"
      + " other than 'replicas', 'ordinals', 'template', 'updateStrategy',"
      + " 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

  @ParameterizedTest
  @ValueSource(strings = {"/spec/volumeClaimTemplates/0/spec/resources/requests/storage",
      "/spec/podManagementPolicy", "/spec/serviceName", "/spec/revisionHistoryLimit"})
  void forbidsChangesOutsideTheMutableFields(String pointer) {
    ObjectNode old = statefulSet("web", APP_NGINX, "{'app':'nginx'}");
    ObjectNode changed = old.deepCopy();
    String parent = pointer.substring(0, pointer.lastIndexOf('/'));
    String field = pointer.substring(pointer.lastIndexOf('/') + 1);
    ObjectNode holder = (ObjectNode) changed.at(parent);
    switch (field) {
      case "storage" -> holder.set(field, TextNode.valueOf("2Gi"));
      case "podManagementPolicy" -> holder.set(field, TextNode.valueOf("Parallel"));
      case "serviceName" -> holder.set(field, TextNode.valueOf("other"));
      default -> holder.set(field, IntNode.valueOf(5));
    }
    assertThat(update(changed, old)).containsExactly(FORBIDDEN);
  }

  @Test
  void acceptsChangesToTheMutableFields() {
    ObjectNode old = statefulSet("web", APP_NGINX, "{'app':'nginx'}");
    ObjectNode changed = old.deepCopy();
    ObjectNode spec = (ObjectNode) changed.get("spec");
    spec.put("replicas", 5);
    spec.put("minReadySeconds", 3);
    spec.putObject("ordinals").put("start", 2);
    ((ObjectNode) spec.at("/template/spec/containers/0")).put("image", "nginx:2");
    ((ObjectNode) spec.at("/updateStrategy/rollingUpdate")).put("partition", 1);
    ((ObjectNode) spec.get("persistentVolumeClaimRetentionPolicy")).put("whenScaled", "Delete");
    assertThat(update(changed, old)).isEmpty();
  }

  @Test
  void forbidsSelectorChangesAndNameChanges() {
    ObjectNode old = statefulSet("web", APP_NGINX, "{'app':'nginx','tier':'a'}");
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.at("/spec/selector/matchLabels")).put("tier", "a");
    ((ObjectNode) changed.get("metadata")).put("name", "web2");
    assertThat(update(changed, old)).containsExactly(
        "metadata.name: Invalid value: \"web2\": field is immutable", FORBIDDEN);
  }
}
