package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** The int-or-percent rules of rolling-update fields (apps validation's ValidatePositiveIntOrPercent). */
final class IntOrPercent {
  private IntOrPercent() {}

  private static final Pattern PERCENT = Pattern.compile("[0-9]+%");

  /** Checks a non-negative integer or a valid percent string. */
  static void validatePositive(JsonNode value, Path path, Errors errs) {
    if (value.isTextual()) {
      if (!PERCENT.matcher(value.asText()).matches()) {
        errs.invalid(path, GoValues.intOrString(value), Identifiers.regexError(
            "a valid percent string must be a numeric string followed by an ending '%'",
            "[0-9]+%", "1%", "93%"));
      }
    } else if (!value.isMissingNode()) {
      errs.nonNegative(path, value.asLong());
    }
  }

  /** Checks that a percent is at most 100%. */
  static void validateAtMost100Percent(JsonNode value, Path path, Errors errs) {
    if (value.isTextual() && PERCENT.matcher(value.asText()).matches() && percent(value) > 100) {
      errs.invalid(path, GoValues.intOrString(value), "must not be greater than 100%");
    }
  }

  /** Returns the number of an int or percent value, 0 for an absent or malformed one. */
  static long numberOf(JsonNode value) {
    if (value.isTextual()) {
      return PERCENT.matcher(value.asText()).matches() ? percent(value) : 0;
    }
    return value.isMissingNode() ? 0 : value.asLong();
  }

  private static long percent(JsonNode value) {
    String s = value.asText();
    try {
      return Long.parseLong(s.substring(0, s.length() - 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
