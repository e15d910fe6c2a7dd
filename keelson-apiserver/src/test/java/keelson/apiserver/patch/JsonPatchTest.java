package keelson.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POD =
      """
      {"metadata":{"name":"p","annotations":{"a/b":"1","c~d":"2"}},
       "spec":{"containers":[{"name":"a"},{"name":"b"}]}}
      """;

  @Test
  void addsReplacesAndRemovesObjectMembers() throws Exception {
    JsonNode result =
        apply(
            POD,
            """
            [{"op":"add","path":"/metadata/labels","value":{"app":"web"}},
             {"op":"replace","path":"/metadata/name","value":"q"},
             {"op":"remove","path":"/metadata/annotations/a~1b"},
             {"op":"replace","path":"/metadata/annotations/c~0d","value":"3"}]
            """);
    assertThat(result.get("metadata"))
        .isEqualTo(read("{\"name\":\"q\",\"annotations\":{\"c~d\":\"3\"},\"labels\":{\"app\":\"web\"}}"));
  }

  @Test
  void insertsIntoArraysByIndexAndAppendsWithDash() throws Exception {
    JsonNode result =
        apply(
            POD,
            """
            [{"op":"add","path":"/spec/containers/1","value":{"name":"mid"}},
             {"op":"add","path":"/spec/containers/-","value":{"name":"end"}},
             {"op":"remove","path":"/spec/containers/0"}]
            """);
    assertThat(result.at("/spec/containers").findValuesAsText("name")).containsExactly("mid", "b", "end");
  }

  @Test
  void movesAndCopiesValues() throws Exception {
    JsonNode result =
        apply(
            POD,
            """
            [{"op":"copy","from":"/spec/containers/0","path":"/spec/containers/-"},
             {"op":"move","from":"/metadata/annotations","path":"/metadata/labels"}]
            """);
    assertThat(result.at("/spec/containers").findValuesAsText("name")).containsExactly("a", "b", "a");
    assertThat(result.at("/metadata/labels/a~1b").asText()).isEqualTo("1");
    assertThat(result.at("/metadata").has("annotations")).isFalse();
  }

  @Test
  void testOperationComparesNumbersByValue() throws Exception {
    JsonNode result =
        apply("{\"spec\":{\"replicas\":3}}",
            "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":3.0},"
                + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]");
    assertThat(result.at("/spec/replicas").asInt()).isEqualTo(4);
  }

  @Test
  void failedTestAndMissingPathsAre422AndChangeNothing() throws Exception {
    JsonNode original = read(POD);
    assertThatThrownBy(
            () -> JsonPatch.apply(original, read(
                "[{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":\"x\"},"
                    + "{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"y\"}]")))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.statusCode()).isEqualTo(422))
        .hasMessageContaining("test failed");
    assertThat(original).isEqualTo(read(POD));
    assertThatThrownBy(() -> apply(POD, "[{\"op\":\"remove\",\"path\":\"/spec/nodeName\"}]"))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.statusCode()).isEqualTo(422))
        .hasMessageContaining("/spec/nodeName");
    assertThatThrownBy(() -> apply(POD, "[{\"op\":\"add\",\"path\":\"/spec/containers/5\",\"value\":1}]"))
        .isInstanceOf(PatchException.class);
    assertThatThrownBy(() -> apply(POD, "[{\"op\":\"move\",\"from\":\"/spec\",\"path\":\"/spec/x\"}]"))
        .isInstanceOf(PatchException.class);
  }

  @Test
  void malformedPatchesAre400() {
    assertThatThrownBy(() -> apply(POD, "{\"op\":\"add\"}"))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> apply(POD, "[{\"op\":\"frobnicate\",\"path\":\"/a\"}]"))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> apply(POD, "[{\"op\":\"add\",\"path\":\"/a\"}]"))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> apply(POD, "[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]"))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
  }

  private static JsonNode apply(String original, String patch) throws Exception {
    return JsonPatch.apply(read(original), read(patch));
  }

  private static JsonNode read(String json) throws Exception {
    return JSON.readTree(json);
  }
}
