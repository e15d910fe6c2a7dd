package keelson.apiserver.fieldmanager;

import static keelson.apiserver.fieldmanager.FieldSetTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import keelson.api.registry.BuiltinResources;
import keelson.api.schema.Schemas;
import org.junit.jupiter.api.Test;

class ApplyMergeTest {
  private static final TypeNode DEPLOYMENT = TypeNode.of(Schemas.of(BuiltinResources.DEPLOYMENTS));

  @Test
  void mapListsMergeByKeyAndAtomicListsAreReplaced() {
    JsonNode live = json("""
        {"spec":{"template":{"spec":{"containers":[
          {"name":"a","image":"x","command":["one","two"]},{"name":"sidecar","image":"s"}]}}}}""");
    JsonNode config = json("""
        {"spec":{"template":{"spec":{"containers":[{"name":"a","image":"y","command":["three"]}]}}}}""");

    JsonNode merged = ApplyMerge.merge(live, config, DEPLOYMENT);

    assertThat(merged.at("/spec/template/spec/containers")).isEqualTo(json("""
        [{"name":"a","image":"y","command":["three"]},{"name":"sidecar","image":"s"}]"""));
  }

  @Test
  void sharedElementsTakeTheConfigurationsOrderAndLiveOnlyOnesKeepTheirPlace() {
    JsonNode live = json("""
        {"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"x"},{"name":"b"}]}}}}""");
    JsonNode config = json("""
        {"spec":{"template":{"spec":{"containers":[{"name":"b"},{"name":"a"},{"name":"c"}]}}}}""");

    JsonNode merged = ApplyMerge.merge(live, config, DEPLOYMENT);

    assertThat(merged.at("/spec/template/spec/containers").findValuesAsText("name"))
        .containsExactly("x", "b", "a", "c");
  }

  @Test
  void atomicStructsAndNullsReplaceAndRemove() {
    JsonNode live = json("""
        {"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"selector":{"matchLabels":{"a":"1","b":"2"}}}}""");
    JsonNode config = json("""
        {"metadata":{"labels":{"b":null,"c":"3"}},"spec":{"selector":{"matchLabels":{"c":"3"}}}}""");

    JsonNode merged = ApplyMerge.merge(live, config, DEPLOYMENT);

    assertThat(merged.at("/metadata/labels")).isEqualTo(json("{\"a\":\"1\",\"c\":\"3\"}"));
    assertThat(merged.at("/spec/selector")).isEqualTo(json("{\"matchLabels\":{\"c\":\"3\"}}"));
  }
}
