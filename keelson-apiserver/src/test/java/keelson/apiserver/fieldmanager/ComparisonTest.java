package keelson.apiserver.fieldmanager;

import static keelson.apiserver.fieldmanager.FieldSetTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import keelson.api.registry.BuiltinResources;
import keelson.api.schema.Schemas;
import keelson.apiserver.rest.Json;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  private static final TypeNode POD = TypeNode.of(Schemas.of(BuiltinResources.PODS));

  private static String changes(String before, String after) {
    Comparison c = Comparison.of(json(before), json(after), POD);
    return "added " + Json.bytesAsString(c.added().toFieldsV1()) + " removed " + Json.bytesAsString(c.removed().toFieldsV1())
        + " modified " + Json.bytesAsString(c.modified().toFieldsV1());
  }

  @Test
  void elementsInTheSameOrderAreComparedFieldByField() {
    assertThat(changes(
        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\",\"image\":\"y\"}]}}",
        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\",\"image\":\"z\"}]}}"))
        .isEqualTo("added {} removed {} modified {\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"b\\\"}\":{\"f:image\":{}}}}}");
  }

  @Test
  void repeatedKeysAreComparedWholeEvenInTheSameOrder() {
    // Only bad data repeats a key; such elements are one changed entry, not a field-by-field diff.
    assertThat(changes(
        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"a\",\"image\":\"y\"}]}}",
        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"a\",\"image\":\"z\"}]}}"))
        .isEqualTo("added {} removed {} modified {\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"a\\\"}\":{}}}}");
  }

  @Test
  void elementsThatMovedAreMatchedByKey() {
    assertThat(changes(
        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\",\"image\":\"y\"}]}}",
        "{\"spec\":{\"containers\":[{\"name\":\"b\",\"image\":\"y\"},{\"name\":\"a\",\"image\":\"w\"}]}}"))
        .isEqualTo("added {} removed {} modified {\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"a\\\"}\":{\"f:image\":{}}}}}");
  }
}
