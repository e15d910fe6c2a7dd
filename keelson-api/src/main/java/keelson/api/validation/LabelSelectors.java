package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Label selector validation (apimachinery's ValidateLabelSelector) and the matching that the
 * selector-versus-template checks need, including how an absent selector matches nothing and an
 * empty one everything.
 */
final class LabelSelectors {
  private LabelSelectors() {}

  /** Validates a selector's matchLabels and matchExpressions; an absent selector is fine here. */
  static Errors validate(JsonNode selector, Path path) {
    Errors errs = new Errors();
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return errs;
    }
    errs.addAll(ObjectMetaValidation.labels(Trees.stringMap(selector, "matchLabels"),
        path.child("matchLabels")));
    List<JsonNode> exprs = Trees.items(selector, "matchExpressions");
    for (int i = 0; i < exprs.size(); i++) {
      JsonNode expr = exprs.get(i);
      Path p = path.child("matchExpressions").index(i);
      String op = Trees.text(expr, "operator");
      List<String> values = Trees.strings(expr, "values");
      switch (op) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            errs.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            errs.forbidden(p.child("values"),
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
          }
        }
        default -> errs.invalidString(p.child("operator"), op, "not a valid selector operator");
      }
      errs.invalidEach(p.child("key"), Trees.text(expr, "key"),
          Identifiers.qualifiedName(Trees.text(expr, "key")));
      for (int v = 0; v < values.size(); v++) {
        errs.invalidEach(p.child("values").index(v), values.get(v),
            Identifiers.labelValue(values.get(v)));
      }
    }
    return errs;
  }

  /** Returns whether the selector can be turned into a label matcher at all. */
  static boolean isConvertible(JsonNode selector) {
    if (selector == null || selector.isMissingNode()) {
      return true;
    }
    for (JsonNode expr : Trees.items(selector, "matchExpressions")) {
      String op = Trees.text(expr, "operator");
      int n = Trees.items(expr, "values").size();
      boolean ok = switch (op) {
        case "In", "NotIn" -> n > 0;
        case "Exists", "DoesNotExist" -> n == 0;
        default -> false;
      };
      if (!ok || !Identifiers.qualifiedName(Trees.text(expr, "key")).isEmpty()) {
        return false;
      }
    }
    for (Map.Entry<String, String> e : Trees.stringMap(selector, "matchLabels").entrySet()) {
      if (!Identifiers.qualifiedName(e.getKey()).isEmpty()
          || !Identifiers.labelValue(e.getValue()).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether a selector has neither matchLabels nor matchExpressions. */
  static boolean isEmpty(JsonNode selector) {
    return Trees.stringMap(selector, "matchLabels").isEmpty()
        && Trees.items(selector, "matchExpressions").isEmpty();
  }

  /** Returns whether the selector matches the labels; an absent selector matches nothing. */
  static boolean matches(JsonNode selector, Map<String, String> labels) {
    if (selector == null || selector.isMissingNode()) {
      return false;
    }
    for (Map.Entry<String, String> e : Trees.stringMap(selector, "matchLabels").entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode expr : Trees.items(selector, "matchExpressions")) {
      String key = Trees.text(expr, "key");
      List<String> values = Trees.strings(expr, "values");
      boolean ok = switch (Trees.text(expr, "operator")) {
        case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
        case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
