package keelson.api.validation;

import static keelson.api.validation.Manifests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import org.junit.jupiter.api.Test;

class PodAndMetadataValidationTest {

  private static List<String> create(ResourceType type, ObjectNode obj) {
    return Validation.validateCreate(type, obj).stream().map(FieldError::toString).toList();
  }

  private static ObjectNode pod(String image) {
    return json("{'metadata':{'name':'web-0','namespace':'default'},'spec':" + Manifests.podSpec(image) + "}");
  }

  @Test
  void rejectsAPodWithoutImage() {
    assertThat(create(BuiltinResources.PODS, pod(null)))
        .containsExactly("spec.containers[0].image: Required value");
  }

  @Test
  void rejectsDuplicateContainersAndUnknownMounts() {
    ObjectNode pod = pod("nginx");
    ObjectNode ctr = (ObjectNode) pod.at("/spec/containers/0");
    ctr.putArray("volumeMounts").addObject().put("name", "www").put("mountPath", "/data");
    ((com.fasterxml.jackson.databind.node.ArrayNode) pod.at("/spec/containers")).add(ctr.deepCopy());
    assertThat(create(BuiltinResources.PODS, pod)).containsExactly(
        "spec.containers[0].volumeMounts[0].name: Not found: \"www\"",
        "spec.containers[1].volumeMounts[0].name: Not found: \"www\"",
        "spec.containers[1].name: Duplicate value: \"nginx\"");
  }

  @Test
  void rejectsBadPoliciesAndPorts() {
    ObjectNode pod = pod("nginx");
    ObjectNode spec = (ObjectNode) pod.get("spec");
    spec.put("restartPolicy", "Sometimes");
    spec.put("dnsPolicy", "Magic");
    ((ObjectNode) pod.at("/spec/containers/0/ports/0")).put("containerPort", 0);
    assertThat(create(BuiltinResources.PODS, pod)).containsExactly(
        "spec.containers[0].ports[0].containerPort: Required value",
        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
        "spec.dnsPolicy: Unsupported value: \"Magic\": supported values: \"ClusterFirstWithHostNet\","
            + " \"ClusterFirst\", \"Default\", \"None\"");
  }

  @Test
  void dnsPolicyNoneNeedsADnsConfigWithANameserver() {
    ObjectNode pod = pod("nginx");
    ((ObjectNode) pod.get("spec")).put("dnsPolicy", "None");
    assertThat(create(BuiltinResources.PODS, pod))
        .containsExactly("spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None");
    ((ObjectNode) pod.get("spec")).putObject("dnsConfig").putArray("searches").add("example.com");
    assertThat(create(BuiltinResources.PODS, pod)).containsExactly("spec.dnsConfig.nameservers: Required value: "
        + "must provide at least one DNS nameserver when `dnsPolicy` is None");
    ((ObjectNode) pod.at("/spec/dnsConfig")).putArray("nameservers").add("1.1.1.1");
    assertThat(create(BuiltinResources.PODS, pod)).isEmpty();
  }

  @Test
  void dnsConfigLimitsAreKubeApiserversInItsWords() {
    ObjectNode pod = pod("nginx");
    ObjectNode config = ((ObjectNode) pod.get("spec")).putObject("dnsConfig");
    config.putArray("nameservers").add("1.1.1.1").add("8.8.8.8").add("9.9.9.9").add("resolver");
    var searches = config.putArray("searches");
    for (int i = 0; i < 33; i++) {
      searches.add("s" + i + ".example.com");
    }
    searches.set(1, com.fasterxml.jackson.databind.node.TextNode.valueOf("Bad_Domain."));
    searches.set(2, com.fasterxml.jackson.databind.node.TextNode.valueOf("absolute.example.com."));
    config.putArray("options").addObject().put("value", "2");
    List<String> errors = create(BuiltinResources.PODS, pod);
    assertThat(errors).hasSize(5);
    assertThat(errors.get(0)).isEqualTo("spec.dnsConfig.nameservers: Invalid value: []string{\"1.1.1.1\", \"8.8.8.8\","
        + " \"9.9.9.9\", \"resolver\"}: must not have more than 3 nameservers");
    assertThat(errors.get(1)).isEqualTo("spec.dnsConfig.nameservers[3]: Invalid value: \"resolver\": "
        + "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
    assertThat(errors.get(2)).startsWith("spec.dnsConfig.searches: Invalid value: []string{\"s0.example.com\", ")
        .endsWith("}: must not have more than 32 search paths");
    assertThat(errors.get(3)).startsWith("spec.dnsConfig.searches[1]: Invalid value: \"Bad_Domain\": "
        + "a lowercase RFC 1123 subdomain must consist of");
    assertThat(errors.get(4)).isEqualTo("spec.dnsConfig.options[0]: Required value: must not be empty");
  }

  @Test
  void aLongSearchListIsRejectedByItsLength() {
    ObjectNode pod = pod("nginx");
    var searches = ((ObjectNode) pod.get("spec")).putObject("dnsConfig").putArray("searches");
    for (int i = 0; i < 10; i++) {
      searches.add(("d" + i + ".").concat("a".repeat(60)).concat(".").concat("b".repeat(60))
          .concat(".").concat("c".repeat(60)).concat(".").concat("e".repeat(40)));
    }
    assertThat(create(BuiltinResources.PODS, pod)).singleElement().satisfies(e -> assertThat(e)
        .startsWith("spec.dnsConfig.searches: Invalid value: []string{")
        .endsWith("}: must not have more than 2048 characters (including spaces) in the search list"));
  }

  @Test
  void allowsOnlyImageChangesOnPodUpdate() {
    ObjectNode old = pod("nginx:1");
    ObjectNode image = old.deepCopy();
    ((ObjectNode) image.at("/spec/containers/0")).put("image", "nginx:2");
    assertThat(Validation.validateUpdate(BuiltinResources.PODS, image, old)).isEmpty();
    ObjectNode port = old.deepCopy();
    ((ObjectNode) port.at("/spec/containers/0/ports/0")).put("containerPort", 81);
    assertThat(Validation.validateUpdate(BuiltinResources.PODS, port, old)).singleElement()
        .satisfies(e -> assertThat(e.toString()).startsWith("spec: Forbidden: pod updates may not change"
            + " fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
            + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n"));
  }

  @Test
  void requiresNamesAndNamespacesByScope() {
    assertThat(create(BuiltinResources.CONFIG_MAPS, json("{'metadata':{}}"))).containsExactly(
        "metadata.name: Required value: name or generateName is required",
        "metadata.namespace: Required value");
    assertThat(create(BuiltinResources.NAMESPACES, json("{'metadata':{'name':'a','namespace':'b'}}")))
        .containsExactly("metadata.namespace: Forbidden: not allowed on this type");
  }

  @Test
  void validatesLabelKeysAndValues() {
    ObjectNode cm = json("{'metadata':{'name':'c','namespace':'default','labels':{'a/b/c':'x','k':'"
        + "v".repeat(64) + "'}}}");
    assertThat(create(BuiltinResources.CONFIG_MAPS, cm)).containsExactly(
        "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric"
            + " characters, '-', '_' or '.', and must start and end with an alphanumeric character"
            + " (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
            + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix"
            + " and '/' (e.g. 'example.com/MyName')",
        "metadata.labels: Invalid value: \"" + "v".repeat(64) + "\": must be no more than 63 characters");
  }

  @Test
  void validatesAnnotationKeysAndTheirTotalSize() {
    ObjectNode bad = json("{'metadata':{'name':'c','namespace':'default','annotations':{'ok':'1','-bad':'x'}}}");
    assertThat(create(BuiltinResources.CONFIG_MAPS, bad)).singleElement().asString()
        .startsWith("metadata.annotations: Invalid value: \"-bad\": name part must consist of alphanumeric");
    ObjectNode large = json("{'metadata':{'name':'c','namespace':'default','annotations':{'big':'"
        + "é".repeat(131_072) + "'}}}");
    assertThat(create(BuiltinResources.CONFIG_MAPS, large))
        .containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
    ObjectNode fits = json("{'metadata':{'name':'c','namespace':'default','annotations':{'big':'"
        + "é".repeat(131_070) + "'}}}");
    assertThat(create(BuiltinResources.CONFIG_MAPS, fits)).isEmpty();
  }

  @Test
  void keepsNameNamespaceAndUidImmutable() {
    ObjectNode old = json("{'metadata':{'name':'c','namespace':'default','uid':'u1'}}");
    ObjectNode changed = json("{'metadata':{'name':'d','namespace':'default','uid':'u2'}}");
    assertThat(Validation.validateUpdate(BuiltinResources.CONFIG_MAPS, changed, old))
        .extracting(FieldError::toString).containsExactly(
            "metadata.name: Invalid value: \"d\": field is immutable",
            "metadata.uid: Invalid value: \"u2\": field is immutable");
  }

  @Test
  void validatesClaimsAndStorageClasses() {
    ObjectNode pvc = json("{'metadata':{'name':'www','namespace':'default'},'spec':{'volumeMode':'Filesystem'}}");
    assertThat(create(BuiltinResources.PERSISTENT_VOLUME_CLAIMS, pvc)).containsExactly(
        "spec.accessModes: Required value: at least 1 access mode is required",
        "spec.resources[storage]: Required value");
    ObjectNode sc = json("{'metadata':{'name':'fast'},'reclaimPolicy':'Delete','volumeBindingMode':'Immediate'}");
    assertThat(create(BuiltinResources.STORAGE_CLASSES, sc)).containsExactly("provisioner: Required value");
    ObjectNode changed = sc.deepCopy().put("provisioner", "b").put("reclaimPolicy", "Retain");
    sc.put("provisioner", "a");
    assertThat(Validation.validateUpdate(BuiltinResources.STORAGE_CLASSES, changed, sc))
        .extracting(FieldError::toString).containsExactly(
            "provisioner: Forbidden: updates to provisioner are forbidden.",
            "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.");
  }

  @Test
  void forbidsClaimSpecChangesExceptStorageOfBoundClaims() {
    ObjectNode old = json("{'metadata':{'name':'www','namespace':'default'},'spec':{'accessModes':"
        + "['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}},'volumeMode':'Filesystem',"
        + "'volumeName':'pv1'},'status':{'phase':'Bound','capacity':{'storage':'1Gi'}}}");
    ObjectNode grown = old.deepCopy();
    ((ObjectNode) grown.at("/spec/resources/requests")).put("storage", "2Gi");
    assertThat(Validation.validateUpdate(BuiltinResources.PERSISTENT_VOLUME_CLAIMS, grown, old)).isEmpty();
    ObjectNode modes = old.deepCopy();
    ((ObjectNode) modes.get("spec")).putArray("accessModes").add("ReadWriteMany");
    assertThat(Validation.validateUpdate(BuiltinResources.PERSISTENT_VOLUME_CLAIMS, modes, old))
        .extracting(FieldError::toString).containsExactly("spec: Forbidden: spec is immutable after"
            + " creation except resources.requests and volumeAttributesClassName for bound claims");
  }

  @Test
  void validatesControllerRevisions() {
    ObjectNode rev = json("{'metadata':{'name':'web-1','namespace':'default'},'revision':-1}");
    assertThat(create(BuiltinResources.CONTROLLER_REVISIONS, rev)).containsExactly(
        "data: Required value: data is mandatory",
        "revision: Invalid value: -1: must be greater than or equal to 0");
  }

  private static List<String> statusUpdate(ObjectNode obj, ObjectNode old) {
    return Validation.validateStatusUpdate(BuiltinResources.PODS, obj, old).stream().map(FieldError::toString).toList();
  }

  @Test
  void aPodStatusWriteChecksMetadataAndStatusButNotTheSpec() {
    ObjectNode old = pod("nginx");
    ((ObjectNode) old.get("metadata")).put("uid", "u1");
    old.putObject("status").put("phase", "Pending").put("qosClass", "BestEffort");
    ObjectNode next = old.deepCopy();
    ((ObjectNode) next.get("status")).put("phase", "Running").putArray("conditions")
        .add(json("{'type':'Ready','status':'True'}")).add(json("{'type':'example.com/gate','status':'True'}"));
    assertThat(statusUpdate(next, old)).isEmpty();

    ((ObjectNode) next.get("metadata")).put("uid", "u2");
    ((ObjectNode) next.get("status")).put("qosClass", "Burstable");
    ((com.fasterxml.jackson.databind.node.ArrayNode) next.at("/status/conditions")).add(json("{'type':'-bad-','status':'True'}"));
    assertThat(statusUpdate(next, old)).containsExactly(
        "metadata.uid: Invalid value: \"u2\": field is immutable",
        "metadata.conditions[2].Type: Invalid value: \"-bad-\": name part must consist of alphanumeric characters,"
            + " '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name', "
            + " or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        "status.qosClass: Invalid value: \"Burstable\": field is immutable");
  }
}
