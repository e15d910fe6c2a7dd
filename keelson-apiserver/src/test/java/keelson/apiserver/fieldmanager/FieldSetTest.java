package keelson.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import keelson.api.registry.BuiltinResources;
import keelson.api.schema.Schemas;
import keelson.apiserver.rest.Json;
import org.junit.jupiter.api.Test;

class FieldSetTest {
  private static final TypeNode DEPLOYMENT = TypeNode.of(Schemas.of(BuiltinResources.DEPLOYMENTS));

  static JsonNode json(String text) {
    try {
      return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void fieldsOfADeploymentKeyListsBySchemaKeys() {
    JsonNode deployment = json("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}],
               "env":[{"name":"A","value":"1"}],"resources":{}}]}}}}""");

    JsonNode fields = FieldSets.of(deployment, DEPLOYMENT).toFieldsV1();

    // Map lists are keyed by their list-map keys (protocol defaults to TCP); LabelSelector is
    // atomic; an element owned along with its fields carries "."; empty objects are leaves.
    assertThat(fields).isEqualTo(json("""
        {"f:apiVersion":{},"f:kind":{},
         "f:metadata":{"f:labels":{"f:app":{}},"f:name":{}},
         "f:spec":{"f:replicas":{},"f:selector":{},
           "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
             "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},
               "f:env":{"k:{\\"name\\":\\"A\\"}":{".":{},"f:name":{},"f:value":{}}},
               "f:image":{},"f:name":{},
               "f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}},
               "f:resources":{}}}}}}}"""));
  }

  @Test
  void fieldsV1RoundTripsAndKeepsKubeOrder() {
    JsonNode fields = json("""
        {"f:metadata":{"f:finalizers":{".":{},"v:\\"b\\"":{},"v:\\"a\\"":{}}},
         "f:spec":{"f:ports":{"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{}}}}}""");

    FieldSet set = FieldSet.fromFieldsV1(fields);

    assertThat(set.toFieldsV1().toString()).isEqualTo(
        "{\"f:metadata\":{\"f:finalizers\":{\".\":{},\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}}},"
            + "\"f:spec\":{\"f:ports\":{\"k:{\\\"port\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:port\":{}}}}}");
    assertThat(set.has(java.util.List.of(new PathElement.Field("metadata"), new PathElement.Field("finalizers"))))
        .isTrue();
  }

  @Test
  void setAlgebraWorksPathByPath() {
    FieldSet a = FieldSet.fromFieldsV1(json("{\"f:spec\":{\"f:replicas\":{},\"f:paused\":{}}}"));
    FieldSet b = FieldSet.fromFieldsV1(json("{\"f:spec\":{\"f:replicas\":{},\"f:minReadySeconds\":{}}}"));

    assertThat(a.intersection(b).toString()).isEqualTo("[.spec.replicas]");
    assertThat(a.difference(b).toString()).isEqualTo("[.spec.paused]");
    assertThat(a.union(b).toString()).isEqualTo("[.spec.minReadySeconds, .spec.paused, .spec.replicas]");
  }

  @Test
  void namedFieldsBecomeMembersButMapKeysAndItemsDoNot() {
    FieldSet set = FieldSet.fromFieldsV1(json("""
        {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:template":{"f:spec":{"f:containers":
          {"k:{\\"name\\":\\"c\\"}":{"f:image":{}}}}}}}"""));

    String expanded = FieldSets.withNamedFieldsAsMembers(set, DEPLOYMENT).toString();

    assertThat(expanded).contains(".metadata", ".metadata.labels", ".spec.template.spec.containers",
        ".spec.template.spec.containers[name=\"c\"].image");
    assertThat(expanded).doesNotContain(".spec.template.spec.containers[name=\"c\"],");
  }

  @Test
  void aMapListElementWithoutItsKeyIsRefused() {
    JsonNode deployment = json("""
        {"spec":{"template":{"spec":{"containers":[{"image":"nginx"}]}}}}""");

    assertThatThrownBy(() -> FieldSets.of(deployment, DEPLOYMENT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("omits key field \"name\"");
  }

  @Test
  void comparisonFindsAddedRemovedAndModifiedLeaves() {
    JsonNode before = json("""
        {"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}}}""");
    JsonNode after = json("""
        {"spec":{"replicas":2,"paused":true,"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}}""");

    Comparison changes = Comparison.of(before, after, DEPLOYMENT);

    assertThat(changes.modified().toString()).isEqualTo("[.spec.replicas]");
    assertThat(changes.added().toString()).isEqualTo("[.spec.paused]");
    assertThat(changes.removed().toString()).isEqualTo(
        "[.spec.template.spec.containers[name=\"b\"], .spec.template.spec.containers[name=\"b\"].image,"
            + " .spec.template.spec.containers[name=\"b\"].name]");
  }
}
