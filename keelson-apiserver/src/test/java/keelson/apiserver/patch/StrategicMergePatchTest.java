package keelson.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.api.schema.Schemas;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String STATEFUL_SET =
      """
      {"apiVersion":"apps/v1","kind":"StatefulSet",
       "metadata":{"name":"web","labels":{"app":"web","tier":"front"},"finalizers":["a","b"]},
       "spec":{"replicas":2,"serviceName":"web",
         "template":{"metadata":{"labels":{"app":"web"}},
           "spec":{"containers":[
               {"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80,"name":"web"}],
                "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
               {"name":"sidecar","image":"busybox"}],
             "tolerations":[{"key":"k1","operator":"Exists"}],
             "volumes":[{"name":"data","emptyDir":{}}]}},
         "volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"]}}]}}
      """;

  @Test
  void kubectlReapplyChangingAServicePortReplacesTheOldPort() throws Exception {
    JsonNode service =
        read(
            """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
             "spec":{"clusterIP":"None","selector":{"app":"web"},
                     "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":80}]}}
            """);
    JsonNode patch =
        read(
            """
            {"spec":{"$setElementOrder/ports":[{"port":8080}],
                     "ports":[{"name":"http","port":8080},{"$patch":"delete","port":80}]}}
            """);
    JsonNode result = apply(BuiltinResources.SERVICES, service, patch);
    assertThat(result.at("/spec/ports")).isEqualTo(read("[{\"name\":\"http\",\"port\":8080}]"));
    assertThat(result.at("/spec/clusterIP").asText()).isEqualTo("None");
    assertThat(result.toString()).doesNotContain("$setElementOrder").doesNotContain("$patch");
  }

  @Test
  void kubectlReapplyChangingAnImageKeepsTheRestOfTheContainer() throws Exception {
    JsonNode patch =
        read(
            """
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\\n"}},
             "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
                                         "containers":[{"image":"nginx:1.26","name":"nginx"}]}}}}
            """);
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    JsonNode containers = result.at("/spec/template/spec/containers");
    assertThat(containers).hasSize(2);
    assertThat(containers.get(0).get("image").asText()).isEqualTo("nginx:1.26");
    assertThat(containers.get(0).at("/ports/0/containerPort").asInt()).isEqualTo(80);
    assertThat(containers.get(0).get("env")).hasSize(2);
    assertThat(containers.get(1).get("name").asText()).isEqualTo("sidecar");
    assertThat(result.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asText())
        .isEqualTo("{}\n");
    assertThat(result.at("/metadata/labels/tier").asText()).isEqualTo("front");
  }

  @Test
  void setElementOrderReordersAndKeepsServerOnlyElementsInPlace() throws Exception {
    JsonNode patch =
        read(
            """
            {"spec":{"template":{"spec":{
               "$setElementOrder/containers":[{"name":"added"},{"name":"nginx"}],
               "containers":[{"name":"added","image":"redis"}]}}}}
            """);
    JsonNode containers =
        apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch).at("/spec/template/spec/containers");
    assertThat(names(containers)).containsExactly("added", "nginx", "sidecar");
  }

  @Test
  void mergesNestedListsByTheirOwnMergeKeys() throws Exception {
    JsonNode patch =
        read(
            """
            {"spec":{"template":{"spec":{"containers":[{"name":"nginx",
               "env":[{"name":"B","value":"two"},{"name":"C","value":"3"},{"$patch":"delete","name":"A"}],
               "ports":[{"containerPort":443,"name":"tls"}]}]}}}}
            """);
    JsonNode nginx =
        apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch).at("/spec/template/spec/containers/0");
    assertThat(nginx.get("env")).isEqualTo(read("[{\"name\":\"B\",\"value\":\"two\"},{\"name\":\"C\",\"value\":\"3\"}]"));
    assertThat(names(nginx.get("ports"))).containsExactly("tls", "web");
  }

  @Test
  void newElementsWithoutAnOrderDirectiveGoFirstAsInKubernetes() throws Exception {
    JsonNode patch = read("{\"metadata\":{\"finalizers\":[\"c\",\"a\"]}}");
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    assertThat(result.at("/metadata/finalizers")).isEqualTo(read("[\"c\",\"a\",\"b\"]"));
  }

  @Test
  void deletesFromAPrimitiveListAndOrdersIt() throws Exception {
    JsonNode patch =
        read(
            """
            {"metadata":{"$setElementOrder/finalizers":["b","z"],
                         "$deleteFromPrimitiveList/finalizers":["a"],"finalizers":["z"]}}
            """);
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    assertThat(result.at("/metadata/finalizers")).isEqualTo(read("[\"b\",\"z\"]"));
    assertThat(result.get("metadata").has("$deleteFromPrimitiveList/finalizers")).isFalse();
  }

  @Test
  void replacesListsWithoutAMergeStrategy() throws Exception {
    JsonNode patch =
        read(
            """
            {"spec":{"volumeClaimTemplates":[{"metadata":{"name":"data"}}],
                     "template":{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}]}}}}
            """);
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    assertThat(result.at("/spec/volumeClaimTemplates")).isEqualTo(read("[{\"metadata\":{\"name\":\"data\"}}]"));
    assertThat(result.at("/spec/template/spec/tolerations").findValuesAsText("key")).containsExactly("k2");
  }

  @Test
  void nullRemovesAFieldAndUnmatchedNullsAreDropped() throws Exception {
    JsonNode patch = read("{\"metadata\":{\"labels\":{\"tier\":null,\"absent\":null}},\"spec\":{\"replicas\":null}}");
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    assertThat(result.at("/metadata/labels")).isEqualTo(read("{\"app\":\"web\"}"));
    assertThat(result.get("spec").has("replicas")).isFalse();
  }

  @Test
  void patchReplaceOnAMapReplacesItWhole() throws Exception {
    JsonNode patch = read("{\"metadata\":{\"labels\":{\"$patch\":\"replace\",\"only\":\"me\"}}}");
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    assertThat(result.at("/metadata/labels")).isEqualTo(read("{\"only\":\"me\"}"));
  }

  @Test
  void patchDeleteOnAMapEmptiesIt() throws Exception {
    JsonNode patch = read("{\"metadata\":{\"labels\":{\"$patch\":\"delete\"}}}");
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    assertThat(result.at("/metadata/labels")).isEqualTo(read("{}"));
  }

  @Test
  void patchMergeOnAMapIsAPlainMerge() throws Exception {
    JsonNode patch = read("{\"metadata\":{\"labels\":{\"$patch\":\"merge\",\"new\":\"1\"}}}");
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    assertThat(result.at("/metadata/labels")).isEqualTo(read("{\"app\":\"web\",\"tier\":\"front\",\"new\":\"1\"}"));
  }

  @Test
  void patchReplaceInAListReplacesTheList() throws Exception {
    JsonNode patch =
        read(
            """
            {"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"x"}]}}}}
            """);
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    assertThat(result.at("/spec/template/spec/containers")).isEqualTo(read("[{\"name\":\"only\",\"image\":\"x\"}]"));
  }

  @Test
  void retainKeysClearsTheOtherVolumeSource() throws Exception {
    JsonNode patch =
        read(
            """
            {"spec":{"template":{"spec":{"volumes":[
               {"name":"data","hostPath":{"path":"/srv"},"$retainKeys":["hostPath","name"]}]}}}}
            """);
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read(STATEFUL_SET), patch);
    assertThat(result.at("/spec/template/spec/volumes"))
        .isEqualTo(read("[{\"name\":\"data\",\"hostPath\":{\"path\":\"/srv\"}}]"));
  }

  @Test
  void mergesInsideUnknownFieldsAndFreeFormSubtreesAsPlainObjects() throws Exception {
    JsonNode revision =
        read("{\"kind\":\"ControllerRevision\",\"revision\":1,\"data\":{\"a\":{\"x\":1,\"y\":[1,2],\"z\":0}}}");
    JsonNode patch = read("{\"data\":{\"a\":{\"y\":[3],\"z\":null,\"w\":2}},\"extra\":{\"n\":null,\"k\":[{\"$x\":1}]}}");
    JsonNode result = apply(BuiltinResources.CONTROLLER_REVISIONS, revision, patch);
    assertThat(result.get("data")).isEqualTo(read("{\"a\":{\"x\":1,\"y\":[3],\"w\":2}}"));
    assertThat(result.get("extra")).isEqualTo(read("{\"k\":[{\"$x\":1}]}"));
  }

  @Test
  void createsMissingParentsWithoutLeakingDirectives() throws Exception {
    JsonNode patch =
        read(
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],
                                         "containers":[{"name":"a","image":"x"}]}}}}
            """);
    JsonNode result = apply(BuiltinResources.STATEFUL_SETS, read("{\"kind\":\"StatefulSet\"}"), patch);
    assertThat(result.at("/spec/template/spec")).isEqualTo(read("{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}"));
  }

  @Test
  void doesNotModifyItsArguments() throws Exception {
    JsonNode original = read(STATEFUL_SET);
    JsonNode patch = read("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"x\"}]}}}}");
    apply(BuiltinResources.STATEFUL_SETS, original, patch);
    assertThat(original).isEqualTo(read(STATEFUL_SET));
    assertThat(patch).isEqualTo(read("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"x\"}]}}}}"));
  }

  @Test
  void rejectsElementsWithoutTheMergeKey() throws Exception {
    JsonNode patch = read("{\"spec\":{\"ports\":[{\"$patch\":\"delete\",\"name\":\"http\"}]}}");
    assertThatThrownBy(() -> apply(BuiltinResources.SERVICES, read("{\"spec\":{}}"), patch))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
        .hasMessageContaining("does not contain declared merge key: port");
  }

  @Test
  void rejectsUnknownDirectivesAndNonObjectPatches() throws Exception {
    assertThatThrownBy(() -> apply(BuiltinResources.SERVICES, read("{}"), read("{\"spec\":{\"$patch\":\"bogus\"}}")))
        .isInstanceOf(PatchException.class)
        .hasMessageContaining("unknown patch type");
    assertThatThrownBy(() -> apply(BuiltinResources.SERVICES, read("{}"), read("[]")))
        .isInstanceOf(PatchException.class);
  }

  /**
   * Applies a patch both ways, to a copy ({@code apply}) and in place ({@code applyTo}), and checks
   * that they agree, that {@code apply} leaves its arguments alone and that neither result holds
   * a node of the patch (changing the result leaves the patch as it was).
   */
  private static JsonNode apply(ResourceType type, JsonNode original, JsonNode patch) {
    JsonNode originalBefore = original.deepCopy();
    JsonNode patchBefore = patch.deepCopy();
    JsonNode copied = StrategicMergePatch.apply(original, patch, Schemas.of(type));
    JsonNode inPlace = StrategicMergePatch.applyTo((ObjectNode) original.deepCopy(), patch, Schemas.of(type));
    assertThat(inPlace).isEqualTo(copied);
    assertThat(original).isEqualTo(originalBefore);
    JsonMergePatchTest.scribble(inPlace);
    assertThat(patch).isEqualTo(patchBefore);
    JsonNode result = copied.deepCopy();
    JsonMergePatchTest.scribble(copied);
    assertThat(patch).isEqualTo(patchBefore);
    return result;
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.forEach(element -> names.add(element.get("name").asText()));
    return names;
  }

  private static JsonNode read(String json) throws Exception {
    return JSON.readTree(json);
  }
}
