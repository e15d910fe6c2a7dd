package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.ResourceType;
import keelson.api.schema.StrictDecoding;
import keelson.apiserver.rest.ApiException;

/**
 * The {@code fieldValidation} query parameter: Strict refuses unknown fields, Warn (the default)
 * drops them with a {@code Warning} header each, Ignore drops them silently.
 */
enum FieldValidation {
  STRICT,
  WARN,
  IGNORE;

  static FieldValidation of(String value) {
    if (value == null || value.isEmpty()) {
      return WARN;
    }
    return switch (value) {
      case "Strict" -> STRICT;
      case "Warn" -> WARN;
      case "Ignore" -> IGNORE;
      default -> throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + value
          + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
    };
  }

  /**
   * Checks a decoded body: under Strict, unknown fields are a 400 whose message kubectl prints; under
   * Warn and Ignore, they are removed.
   */
  void checkBody(ResourceType type, ObjectNode body, HttpExchange exchange) {
    if (this == STRICT) {
      List<String> unknown = StrictDecoding.unknownFields(type, body);
      if (!unknown.isEmpty()) {
        throw ApiException.badRequest(StrictDecoding.message(type, unknown));
      }
    } else {
      dropAndWarn(type, body, exchange);
    }
  }

  /** Drops unknown fields, warning under Warn. */
  void dropAndWarn(ResourceType type, ObjectNode body, HttpExchange exchange) {
    List<String> dropped = StrictDecoding.dropUnknownFields(type, body);
    if (this == WARN) {
      for (String field : dropped) {
        exchange.warn("unknown field \"" + field + "\"");
      }
    }
  }

  /**
   * Returns whether a patch can add no unknown field to the object it applies to: a strategic-merge
   * or JSON merge patch naming only known fields, its directives aside, as sent (not through a
   * view). An object as stored has none, so the patched object then need not be searched.
   */
  static boolean addsNoUnknownFields(ResourceType type, PatchFormat format, JsonNode patch, boolean throughView) {
    return (format == PatchFormat.STRATEGIC || format == PatchFormat.MERGE) && !throughView
        && StrictDecoding.mergePatchKnown(type, patch);
  }

  /** Returns the unknown fields of an object, for the patch paths to report. */
  static List<String> unknown(ResourceType type, JsonNode obj) {
    return StrictDecoding.unknownFields(type, obj);
  }

  static String describe(List<String> unknown) {
    return String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList());
  }
}
