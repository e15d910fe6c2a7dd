package keelson.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredJsonTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-0\",\"labels\":{\"app\":\"é\"}},"
          + "\"spec\":{\"template\":{\"metadata\":{\"name\":\"inner\"}},\"n\":1.50,\"big\":123456789012345678901}}",
      "{\"spec\":{\"metadata\":{\"x\":1}},\"metadata\":{\"name\":\"late\"},\"kind\":\"ConfigMap\"}",
      "{\"kind\":\"ConfigMap\",\"metadata\":{},\"data\":{\"metadata\":\"{\\\"a\\\":1}\"}}"})
  void serializesAsJsonBytesAndTakesTheVersionInItsMetadata(String text) throws Exception {
    ObjectNode object = (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));

    StoredJson stored = StoredJson.of(object);

    assertThat(stored.bytes()).isEqualTo(Json.MAPPER.writeValueAsBytes(object)).isEqualTo(Json.bytes(object));
    assertThat(stored.spliceable()).isTrue();
    ObjectNode expected = object.deepCopy();
    Json.metadata(expected).put("resourceVersion", "77");
    assertThat(Json.parse(stored.withResourceVersion(77))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"kind\":\"Status\"}", "{\"metadata\":\"not an object\"}"})
  void anObjectWithoutMetadataIsNotSpliceable(String text) throws Exception {
    StoredJson stored = StoredJson.of((ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8)));

    assertThat(stored.spliceable()).isFalse();
    assertThat(stored.bytes()).isEqualTo(Json.MAPPER.writeValueAsBytes(Json.parse(text.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void treesAreWrittenAsTheMapperWritesThem() throws Exception {
    ObjectNode tree = (ObjectNode) Json.parse("""
        {"s":"tab\\t quote\\" é ✓ \\u0001","t":true,"f":false,"n":null,"i":7,"neg":-3,"l":12345678901,        "big":123456789012345678901234,"d":1.50,"e":1e-7,"x":2.5E+10,"empty":{},"none":[],        "deep":[[1,[2,{"a":[]}]],{"b":{"c":null}}]}""".getBytes(StandardCharsets.UTF_8));
    tree.put("float", 1.25f).put("double", 0.1).put("bigDecimal", new java.math.BigDecimal("1E+3"));

    assertThat(new String(Json.bytes(tree), StandardCharsets.UTF_8))
        .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8));
  }
}
