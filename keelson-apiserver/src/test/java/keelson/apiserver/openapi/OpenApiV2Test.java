package keelson.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenApiV2Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApiV2 OPENAPI = new OpenApiV2(new OpenApiV3());

  @Test
  void definitionsUsePlainReferencesIntoDefinitions() throws Exception {
    JsonNode swagger = JSON.readTree(OPENAPI.json());
    assertThat(swagger.get("swagger").asText()).isEqualTo("2.0");
    JsonNode statefulSet = swagger.at("/definitions/io.k8s.api.apps.v1.StatefulSet");
    assertThat(statefulSet.at("/properties/spec/$ref").asText())
        .isEqualTo("#/definitions/io.k8s.api.apps.v1.StatefulSetSpec");
    assertThat(statefulSet.at("/properties/spec").has("allOf")).isFalse();
    assertThat(statefulSet.get("x-kubernetes-group-version-kind").get(0).get("kind").asText())
        .isEqualTo("StatefulSet");
    // Every reference resolves inside the one document.
    List<String> refs = new ArrayList<>();
    collectRefs(swagger, refs);
    assertThat(refs).isNotEmpty().allSatisfy(ref -> {
      assertThat(ref).startsWith("#/definitions/");
      assertThat(swagger.get("definitions").has(ref.substring("#/definitions/".length()))).as(ref).isTrue();
    });
  }

  @Test
  void schemaSharedByGroupsListsEveryGroupsKind() throws Exception {
    JsonNode kinds = JSON.readTree(OPENAPI.json())
        .at("/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions/x-kubernetes-group-version-kind");
    List<String> groups = new ArrayList<>();
    kinds.forEach(kind -> groups.add(kind.get("group").asText()));
    assertThat(groups).contains("", "apps", "storage.k8s.io");
  }

  @Test
  void patchOperationsCarryTheirKindAndAFieldValidationQueryParameter() throws Exception {
    JsonNode patch = JSON.readTree(OPENAPI.json())
        .at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1statefulsets~1{name}/patch");
    assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("StatefulSet");
    List<String> query = new ArrayList<>();
    patch.get("parameters").forEach(p -> {
      if (p.get("in").asText().equals("query")) {
        assertThat(p.get("type").asText()).isIn("string", "boolean", "integer");
        query.add(p.get("name").asText());
      }
    });
    assertThat(query).contains("fieldValidation", "fieldManager", "dryRun");
    assertThat(patch.at("/parameters/0/in").asText()).isEqualTo("body");
    assertThat(patch.at("/responses/200/schema/$ref").asText()).isEqualTo("#/definitions/io.k8s.api.apps.v1.StatefulSet");
  }

  /** Walks the protobuf by gnostic's field numbers, as client-go's decoder would. */
  @Test
  void protobufHoldsDefinitionsAndPathsUnderGnosticsFieldNumbers() throws Exception {
    UnknownFieldSet document = UnknownFieldSet.parseFrom(OPENAPI.protobuf());
    assertThat(string(document, 1)).isEqualTo("2.0");
    UnknownFieldSet definitions = message(document, 9);
    UnknownFieldSet statefulSet = named(definitions, 1, "io.k8s.api.apps.v1.StatefulSet").orElseThrow();
    UnknownFieldSet properties = message(statefulSet, 25);
    UnknownFieldSet spec = named(properties, 1, "spec").orElseThrow();
    assertThat(string(spec, 1)).isEqualTo("#/definitions/io.k8s.api.apps.v1.StatefulSetSpec");
    UnknownFieldSet kindExtension = named(statefulSet, 31, "x-kubernetes-group-version-kind").orElseThrow();
    assertThat(string(kindExtension, 2)).contains("\"kind\":\"StatefulSet\"");

    UnknownFieldSet paths = message(document, 8);
    UnknownFieldSet item = named(paths, 2, "/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}").orElseThrow();
    UnknownFieldSet patch = message(item, 8);
    List<String> queryNames = new ArrayList<>();
    for (ByteString parameter : patch.getField(8).getLengthDelimitedList()) {
      UnknownFieldSet oneOf = message(UnknownFieldSet.parseFrom(parameter), 1);
      if (oneOf.hasField(2) && message(oneOf, 2).hasField(3)) {
        queryNames.add(string(message(message(oneOf, 2), 3), 4));
      }
    }
    assertThat(queryNames).contains("fieldValidation");
  }

  private static Optional<UnknownFieldSet> named(UnknownFieldSet parent, int field, String name) throws Exception {
    for (ByteString entry : parent.getField(field).getLengthDelimitedList()) {
      UnknownFieldSet named = UnknownFieldSet.parseFrom(entry);
      if (string(named, 1).equals(name)) {
        return Optional.of(message(named, 2));
      }
    }
    return Optional.empty();
  }

  private static UnknownFieldSet message(UnknownFieldSet parent, int field) throws Exception {
    return UnknownFieldSet.parseFrom(parent.getField(field).getLengthDelimitedList().get(0));
  }

  private static String string(UnknownFieldSet parent, int field) {
    return parent.getField(field).getLengthDelimitedList().get(0).toStringUtf8();
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("$ref")) {
          refs.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), refs);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }
}
