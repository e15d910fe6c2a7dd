package keelson.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The worked examples of RFC 7386, appendix A, plus the kubectl scale patch. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\":\"b\"}|{\"a\":\"c\"}|{\"a\":\"c\"}",
        "{\"a\":\"b\"}|{\"b\":\"c\"}|{\"a\":\"b\",\"b\":\"c\"}",
        "{\"a\":\"b\"}|{\"a\":null}|{}",
        "{\"a\":\"b\",\"b\":\"c\"}|{\"a\":null}|{\"b\":\"c\"}",
        "{\"a\":[\"b\"]}|{\"a\":\"c\"}|{\"a\":\"c\"}",
        "{\"a\":\"c\"}|{\"a\":[\"b\"]}|{\"a\":[\"b\"]}",
        "{\"a\":{\"b\":\"c\"}}|{\"a\":{\"b\":\"d\",\"c\":null}}|{\"a\":{\"b\":\"d\"}}",
        "{\"a\":[{\"b\":\"c\"}]}|{\"a\":[1]}|{\"a\":[1]}",
        "[\"a\",\"b\"]|[\"c\",\"d\"]|[\"c\",\"d\"]",
        "{\"a\":\"b\"}|[\"c\"]|[\"c\"]",
        "{\"a\":\"foo\"}|null|null",
        "{\"e\":null}|{\"a\":1}|{\"e\":null,\"a\":1}",
        "[1,2]|{\"a\":\"b\",\"c\":null}|{\"a\":\"b\"}",
        "{}|{\"a\":{\"bb\":{\"ccc\":null}}}|{\"a\":{\"bb\":{}}}",
        "{\"spec\":{\"replicas\":3,\"selector\":{}}}|{\"spec\":{\"replicas\":5}}|{\"spec\":{\"replicas\":5,\"selector\":{}}}"
      })
  void appliesRfc7386Examples(String original, String patch, String expected) throws Exception {
    JsonNode before = JSON.readTree(original);
    assertThat(JsonMergePatch.apply(before, JSON.readTree(patch))).isEqualTo(JSON.readTree(expected));
    assertThat(before).isEqualTo(JSON.readTree(original));
    if (before.isObject() && JSON.readTree(patch) instanceof ObjectNode objectPatch) {
      // Merging in place gives the same object and takes nothing from the patch by reference.
      ObjectNode merged = JsonMergePatch.applyTo((ObjectNode) before.deepCopy(), objectPatch);
      assertThat(merged).isEqualTo(JSON.readTree(expected));
      scribble(merged);
      assertThat(objectPatch).isEqualTo(JSON.readTree(patch));
    }
  }

  /** Changes every object and array of a tree. */
  static void scribble(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.fields().forEachRemaining(e -> scribble(e.getValue()));
      object.put("$scribbled", true);
    } else if (node instanceof ArrayNode array) {
      array.forEach(JsonMergePatchTest::scribble);
      array.add("scribbled");
    }
  }
}
