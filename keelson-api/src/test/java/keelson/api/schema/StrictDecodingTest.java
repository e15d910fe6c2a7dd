package keelson.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import org.junit.jupiter.api.Test;

class StrictDecodingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The tutorial's broken manifest: {@code templates} for {@code template}. */
  private static final String TYPO_TEMPLATES =
      """
      {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web"},
       "spec":{"serviceName":"web","replicas":2,"selector":{"matchLabels":{"app":"web"}},
         "templates":{"metadata":{"labels":{"app":"web"}},
           "spec":{"containers":[{"name":"nginx","image":"nginx"}],
                   "volumeClaimTemplates":[{"metadata":{"name":"www"}}]}}}}
      """;

  private static final String NESTED_TYPOS =
      """
      {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web","labels":{"a":"b"}},
       "spec":{"serviceName":"web","selector":{"matchLabels":{"app":"web"}},
         "template":{"metadata":{"labels":{"app":"web"}},
           "spec":{"containers":[{"name":"a","image":"x"},
                                 {"name":"nginx","image":"nginx","imagePullPolice":"Always",
                                  "ports":[{"containerPort":80,"nmae":"web"}],
                                  "resources":{"limits":{"cpu":"1"}}}],
                   "volumeClaimTemplates":[{"metadata":{"name":"www"}}]}}},
       "status":{"replicas":0}}
      """;

  @Test
  void aMergePatchIsKnownWithItsDirectivesButNotWithAnyOtherUnknownKey() throws Exception {
    JsonNode kubeletPatch = JSON.readTree("""
        {"metadata":{"uid":"u-1"},"status":{"$setElementOrder/conditions":[{"type":"Ready"}],
         "conditions":[{"type":"Ready","status":"True"}],"podIPs":[{"ip":"10.244.0.2"}]}}""");
    assertThat(StrictDecoding.mergePatchKnown(BuiltinResources.PODS, kubeletPatch)).isTrue();
    assertThat(StrictDecoding.mergePatchKnown(BuiltinResources.PODS, JSON.readTree("""
        {"metadata":{"labels":{"$patch":"replace","a":"b"}},"spec":{"containers":[{"name":"c","$patch":"delete"}],
         "$retainKeys":["containers"],"$deleteFromPrimitiveList/finalizers":["x"]}}"""))).isTrue();

    assertThat(StrictDecoding.mergePatchKnown(BuiltinResources.PODS, JSON.readTree("""
        {"spec":{"containers":[{"name":"c","imagePullPolice":"Always"}]}}"""))).isFalse();
    assertThat(StrictDecoding.mergePatchKnown(BuiltinResources.PODS, JSON.readTree("""
        {"status":{"$made-up":"x"}}"""))).as("only strategic merge's own directives are set aside").isFalse();
  }

  @Test
  void reportsAMisspeltFieldButNothingInsideIt() throws Exception {
    assertThat(StrictDecoding.unknownFields(BuiltinResources.STATEFUL_SETS, JSON.readTree(TYPO_TEMPLATES)))
        .containsExactly("spec.templates");
  }

  @Test
  void reportsNestedUnknownFieldsWithListIndices() throws Exception {
    assertThat(StrictDecoding.unknownFields(BuiltinResources.STATEFUL_SETS, JSON.readTree(NESTED_TYPOS)))
        .containsExactly(
            "spec.template.spec.containers[1].imagePullPolice",
            "spec.template.spec.containers[1].ports[0].nmae",
            "spec.template.spec.volumeClaimTemplates");
  }

  @Test
  void acceptsAWellFormedObjectWithFreeFormParts() throws Exception {
    JsonNode revision =
        JSON.readTree(
            """
            {"apiVersion":"apps/v1","kind":"ControllerRevision","revision":1,
             "metadata":{"name":"r","managedFields":[{"manager":"m","fieldsV1":{"f:spec":{}}}]},
             "data":{"spec":{"anything":{"goes":[1,2]}}}}
            """);
    assertThat(StrictDecoding.unknownFields(BuiltinResources.CONTROLLER_REVISIONS, revision)).isEmpty();
  }

  @Test
  void reportsUnknownMetadataFields() throws Exception {
    JsonNode map = JSON.readTree("{\"metadata\":{\"name\":\"c\",\"lables\":{}},\"data\":{\"k\":\"v\"}}");
    assertThat(StrictDecoding.unknownFields(BuiltinResources.CONFIG_MAPS, map))
        .containsExactly("metadata.lables");
  }

  @Test
  void dropsUnknownFieldsAndSaysWhich() throws Exception {
    ObjectNode sts = (ObjectNode) JSON.readTree(NESTED_TYPOS);
    List<String> dropped = StrictDecoding.dropUnknownFields(BuiltinResources.STATEFUL_SETS, sts);
    assertThat(dropped).hasSize(3);
    assertThat(StrictDecoding.unknownFields(BuiltinResources.STATEFUL_SETS, sts)).isEmpty();
    assertThat(sts.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("nginx");
    assertThat(sts.at("/spec/template/spec/containers/1/ports/0/containerPort").asInt()).isEqualTo(80);
  }

  @Test
  void buildsTheMessageKubeApiserverSends() {
    assertThat(
            StrictDecoding.message(
                BuiltinResources.STATEFUL_SETS,
                List.of("spec.templates", "spec.template.spec.volumeClaimTemplates")))
        .isEqualTo(
            "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error:"
                + " unknown field \"spec.templates\","
                + " unknown field \"spec.template.spec.volumeClaimTemplates\"");
  }
}
