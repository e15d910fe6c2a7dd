package keelson.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import keelson.api.validation.FieldError;
import org.junit.jupiter.api.Test;

class ListOptionsValidationTest {
  private static List<String> watch(String rv, String match, String initial, String cont) {
    return ListOptionsValidation.check(true, rv, match, initial, cont).stream().map(FieldError::toString).toList();
  }

  private static List<String> list(String rv, String match, String initial, String cont) {
    return ListOptionsValidation.check(false, rv, match, initial, cont).stream().map(FieldError::toString).toList();
  }

  @Test
  void aWatchListNeedsNotOlderThan() {
    assertThat(watch(null, "NotOlderThan", "true", null)).isEmpty();
    assertThat(watch("0", "NotOlderThan", "false", null)).isEmpty();
    assertThat(watch(null, null, null, null)).isEmpty();
    assertThat(watch(null, null, "true", null)).containsExactly(
        "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    assertThat(watch(null, "Exact", "true", null)).containsExactly(
        "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
        "resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"");
    assertThat(watch("5", "NotOlderThan", null, null)).containsExactly(
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
    assertThat(watch(null, "NotOlderThan", "true", "abc")).containsExactly(
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided");
  }

  @Test
  void aListTakesMatchOnlyWithAVersionAndNeverInitialEvents() {
    assertThat(list("5", "Exact", null, null)).isEmpty();
    assertThat(list("0", "NotOlderThan", null, null)).isEmpty();
    assertThat(list(null, "NotOlderThan", null, null)).containsExactly(
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
    assertThat(list("0", "Exact", null, null)).containsExactly(
        "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
    assertThat(list("3", "Newest", null, null)).containsExactly(
        "resourceVersionMatch: Unsupported value: \"Newest\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
    assertThat(list(null, null, "true", null)).containsExactly(
        "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
  }
}
