package keelson.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class OpenApiV3Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApiV3 OPENAPI = new OpenApiV3();
  static final List<ResourceType> KINDS = BuiltinResources.SERVED;

  @Test
  void rootListsEveryGroupVersionUnderAContentHashedUrl() throws Exception {
    JsonNode paths = JSON.readTree(OPENAPI.root()).get("paths");
    List<String> groupVersions = new ArrayList<>();
    paths.fieldNames().forEachRemaining(groupVersions::add);
    assertThat(groupVersions)
        .containsExactly(
            "api/v1", "apis/apps/v1", "apis/discovery.k8s.io/v1", "apis/storage.k8s.io/v1",
            "apis/coordination.k8s.io/v1", "apis/events.k8s.io/v1");
    for (String gv : groupVersions) {
      String url = paths.get(gv).get("serverRelativeURL").asText();
      assertThat(url).matches("/openapi/v3/" + gv.replace(".", "\\.") + "\\?hash=[0-9A-F]{128}");
      assertThat(url).endsWith("hash=" + OPENAPI.hash(gv).orElseThrow());
      assertThat(OPENAPI.document("/" + gv)).isPresent();
    }
    assertThat(OPENAPI.document("apis/batch/v1")).isEmpty();
  }

  @Test
  void documentsAreBuiltOnceAndStable() {
    assertThat(OPENAPI.root()).isEqualTo(new OpenApiV3().root());
    assertThat(OPENAPI.document("apis/apps/v1").orElseThrow())
        .isEqualTo(OPENAPI.document("apis/apps/v1").orElseThrow());
  }

  /** kubectl 1.32's check (query_param_verifier_v3): a PATCH tagged with the GVK declares fieldValidation. */
  @ParameterizedTest
  @FieldSource("KINDS")
  void patchOperationOfEveryKindDeclaresFieldValidation(ResourceType type) throws Exception {
    JsonNode document = document(type);
    Map<String, JsonNode> gvk =
        Map.of("group", text(type.group()), "version", text(type.version()), "kind", text(type.kind()));
    List<JsonNode> patches = new ArrayList<>();
    for (JsonNode pathItem : document.get("paths")) {
      JsonNode patch = pathItem.get("patch");
      if (patch != null && JSON.valueToTree(gvk).equals(patch.get("x-kubernetes-group-version-kind"))) {
        patches.add(patch);
      }
    }
    assertThat(patches).isNotEmpty();
    for (JsonNode patch : patches) {
      assertThat(parameterNames(patch)).contains("fieldValidation", "fieldManager", "dryRun", "force");
      assertThat(patch.get("x-kubernetes-action").asText()).isEqualTo("patch");
      assertThat(patch.at("/requestBody/content").has("application/strategic-merge-patch+json")).isTrue();
      assertThat(patch.at("/requestBody/content").has("application/apply-patch+yaml")).isTrue();
    }
  }

  @ParameterizedTest
  @FieldSource("KINDS")
  void writeAndListOperationsDeclareTheirParameters(ResourceType type) throws Exception {
    JsonNode paths = document(type).get("paths");
    String root = type.group().isEmpty() ? "/api/v1" : "/apis/" + type.apiVersion();
    String collection = root + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
    JsonNode collectionItem = paths.get(collection);
    assertThat(parameterNames(collectionItem.get("post"))).contains("fieldValidation", "fieldManager", "dryRun");
    assertThat(parameterNames(collectionItem.get("get")))
        .contains("labelSelector", "fieldSelector", "limit", "continue", "resourceVersion", "watch");
    assertThat(collectionItem.at("/get/x-kubernetes-action").asText()).isEqualTo("list");
    assertThat(collectionItem.at("/delete/x-kubernetes-action").asText()).isEqualTo("deletecollection");
    JsonNode item = paths.get(collection + "/{name}");
    assertThat(parameterNames(item.get("put"))).contains("fieldValidation", "fieldManager", "dryRun");
    assertThat(item.at("/get/x-kubernetes-group-version-kind/kind").asText()).isEqualTo(type.kind());
    assertThat(item.at("/delete/x-kubernetes-action").asText()).isEqualTo("delete");
    assertThat(item.at("/put/x-kubernetes-action").asText()).isEqualTo("put");
    if (type.namespaced()) {
      assertThat(paths.has(root + "/" + type.plural())).isTrue();
    }
  }

  /** What kubectl explain needs (kubectl-protocol.md §5.11): the kind's schema found by a GVK array. */
  @ParameterizedTest
  @FieldSource("KINDS")
  void everyKindHasASchemaTaggedWithItsGvk(ResourceType type) throws Exception {
    JsonNode schemas = document(type).at("/components/schemas");
    JsonNode schema = schemaTagged(schemas, type.group(), type.version(), type.kind()).orElseThrow();
    assertThat(schema.get("x-kubernetes-group-version-kind").isArray()).isTrue();
    assertThat(schema.at("/properties/metadata/allOf/0/$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(schema.get("description").asText()).isNotBlank();
    assertThat(schemaTagged(schemas, type.group(), type.version(), type.listKind())).isPresent();
  }

  @Test
  void everyReferenceResolves() throws Exception {
    JsonNode paths = JSON.readTree(OPENAPI.root()).get("paths");
    for (var entry : paths.properties()) {
      JsonNode document = JSON.readTree(OPENAPI.document(entry.getKey()).orElseThrow());
      JsonNode schemas = document.at("/components/schemas");
      List<String> refs = document.findValuesAsText("$ref");
      assertThat(refs).isNotEmpty();
      for (String ref : refs) {
        assertThat(ref).startsWith("#/components/schemas/");
        assertThat(schemas.has(ref.substring("#/components/schemas/".length())))
            .as("%s in %s", ref, entry.getKey())
            .isTrue();
      }
    }
  }

  @Test
  void explainCanWalkIntoVolumeClaimTemplates() throws Exception {
    JsonNode schemas = document(BuiltinResources.STATEFUL_SETS).at("/components/schemas");
    JsonNode sts = schemaTagged(schemas, "apps", "v1", "StatefulSet").orElseThrow();
    JsonNode spec = resolve(schemas, sts.at("/properties/spec"));
    assertThat(spec.get("required")).extracting(JsonNode::asText)
        .contains("selector", "template", "serviceName");
    assertThat(spec.at("/properties/serviceName/description").asText()).contains("headless");
    JsonNode templates = spec.at("/properties/volumeClaimTemplates");
    assertThat(templates.get("type").asText()).isEqualTo("array");
    JsonNode claim = resolve(schemas, templates.get("items"));
    JsonNode claimSpec = resolve(schemas, claim.at("/properties/spec"));
    assertThat(claimSpec.get("properties").has("accessModes")).isTrue();
    assertThat(claimSpec.get("properties").has("storageClassName")).isTrue();
    JsonNode resources = resolve(schemas, claimSpec.at("/properties/resources"));
    assertThat(resources.at("/properties/requests/additionalProperties/allOf/0/$ref").asText())
        .endsWith("io.k8s.apimachinery.pkg.api.resource.Quantity");
  }

  @Test
  void listPropertiesCarryPatchExtensions() throws Exception {
    JsonNode schemas = document(BuiltinResources.PODS).at("/components/schemas");
    JsonNode containers = schemas.at("/io.k8s.api.core.v1.PodSpec/properties/containers");
    assertThat(containers.get("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
    assertThat(containers.get("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
    assertThat(schemas.at("/io.k8s.api.core.v1.PodSpec/properties/volumes/x-kubernetes-patch-strategy").asText())
        .isEqualTo("merge,retainKeys");
    assertThat(schemas.at("/io.k8s.api.core.v1.ServiceSpec/properties/ports/x-kubernetes-patch-merge-key").asText())
        .isEqualTo("port");
    assertThat(schemas.at("/io.k8s.api.core.v1.PodSpec/properties/tolerations").has("x-kubernetes-patch-strategy"))
        .isFalse();
    assertThat(schemas.at("/io.k8s.api.core.v1.Container/required/0").asText()).isEqualTo("name");
    assertThat(schemas.at("/io.k8s.api.core.v1.PodSpec/properties/containers/items/allOf/0/$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
  }

  @Test
  void scaleSubresourcesAreTaggedWithTheScaleKind() throws Exception {
    JsonNode document = document(BuiltinResources.STATEFUL_SETS);
    JsonNode scale = document.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1statefulsets~1{name}~1scale");
    assertThat(scale.at("/patch/x-kubernetes-group-version-kind"))
        .isEqualTo(JSON.readTree("{\"group\":\"autoscaling\",\"kind\":\"Scale\",\"version\":\"v1\"}"));
    assertThat(parameterNames(scale.get("patch"))).contains("fieldValidation");
    assertThat(schemaTagged(document.at("/components/schemas"), "autoscaling", "v1", "Scale")).isPresent();
    assertThat(document.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1statefulsets~1{name}~1status/patch"))
        .isNotNull();
  }

  private static JsonNode resolve(JsonNode schemas, JsonNode property) {
    String ref = property.at("/allOf/0/$ref").asText();
    assertThat(ref).startsWith("#/components/schemas/");
    return schemas.get(ref.substring("#/components/schemas/".length()));
  }

  private static Optional<JsonNode> schemaTagged(JsonNode schemas, String group, String version, String kind) {
    for (JsonNode schema : schemas) {
      for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
        if (gvk.get("group").asText().equals(group) && gvk.get("version").asText().equals(version)
            && gvk.get("kind").asText().equals(kind)) {
          return Optional.of(schema);
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> parameterNames(JsonNode operation) {
    List<String> names = new ArrayList<>();
    operation.path("parameters").forEach(parameter -> names.add(parameter.get("name").asText()));
    return names;
  }

  private static JsonNode document(ResourceType type) throws Exception {
    String gv = type.group().isEmpty() ? "api/v1" : "apis/" + type.apiVersion();
    return JSON.readTree(OPENAPI.document(gv).orElseThrow());
  }

  private static JsonNode text(String value) {
    return JSON.getNodeFactory().textNode(value);
  }
}
