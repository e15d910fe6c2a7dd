package keelson.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiV2Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApiV2 OPENAPI = new OpenApiV2(new OpenApiV3(), "v1.32.4+keelson");

  @Test
  void definitionsUsePlainReferencesToDefinitions() {
    JsonNode document = OPENAPI.tree();
    assertThat(document.path("swagger").asText()).isEqualTo("2.0");
    JsonNode sts = document.at("/definitions/io.k8s.api.apps.v1.StatefulSet");
    assertThat(sts.at("/properties/spec/$ref").asText()).isEqualTo("#/definitions/io.k8s.api.apps.v1.StatefulSetSpec");
    assertThat(sts.at("/properties/spec").has("allOf")).isFalse();
    assertThat(sts.at("/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("StatefulSet");
    JsonNode containers = document.at("/definitions/io.k8s.api.core.v1.PodSpec/properties/containers");
    assertThat(containers.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
    assertThat(containers.at("/items/$ref").asText()).isEqualTo("#/definitions/io.k8s.api.core.v1.Container");
    List<String> dangling = new ArrayList<>();
    collectDangling(document.path("definitions"), document.path("definitions"), dangling);
    assertThat(dangling).as("every reference names a definition").isEmpty();
  }

  @Test
  void patchOperationsDeclareFieldValidationAndTheirKind() {
    JsonNode patch = OPENAPI.tree().at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
    assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Deployment");
    assertThat(patch.path("parameters").findValuesAsText("name")).contains("body", "fieldValidation", "dryRun");
    JsonNode query = null;
    for (JsonNode parameter : patch.path("parameters")) {
      if (parameter.path("name").asText().equals("fieldValidation")) {
        query = parameter;
      }
    }
    assertThat(query.path("in").asText()).isEqualTo("query");
    assertThat(query.path("type").asText()).isEqualTo("string");
  }

  @Test
  void theProtobufFormCarriesTheSameDocument() throws Exception {
    UnknownFieldSet document = UnknownFieldSet.parseFrom(OPENAPI.protobuf());
    assertThat(document.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("2.0");
    UnknownFieldSet definitions = UnknownFieldSet.parseFrom(document.getField(9).getLengthDelimitedList().get(0));
    List<String> names = new ArrayList<>();
    for (ByteString named : definitions.getField(1).getLengthDelimitedList()) {
      names.add(UnknownFieldSet.parseFrom(named).getField(1).getLengthDelimitedList().get(0).toStringUtf8());
    }
    assertThat(names).hasSize(OPENAPI.tree().path("definitions").size()).contains("io.k8s.api.apps.v1.Deployment");
    UnknownFieldSet paths = UnknownFieldSet.parseFrom(document.getField(8).getLengthDelimitedList().get(0));
    assertThat(paths.getField(2).getLengthDelimitedList()).hasSize(OPENAPI.tree().path("paths").size());
  }

  private static void collectDangling(JsonNode node, JsonNode definitions, List<String> dangling) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && !definitions.has(ref.asText().substring("#/definitions/".length()))) {
        dangling.add(ref.asText());
      }
      node.elements().forEachRemaining(child -> collectDangling(child, definitions, dangling));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectDangling(child, definitions, dangling));
    }
  }
}
