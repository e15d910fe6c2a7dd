package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Checks shared by the apps kinds that carry a selector and a pod template. */
final class Workloads {
  private Workloads() {}

  /**
   * Reports template labels the selector does not match. An empty selector matches everything and
   * is reported separately; an absent one matches nothing.
   */
  static void templateLabelsMatch(JsonNode selector, JsonNode template, Path templatePath,
      Errors errs) {
    if (!selector.isMissingNode() && LabelSelectors.isEmpty(selector)) {
      return;
    }
    JsonNode labels = Trees.at(template, "metadata", "labels");
    if (!LabelSelectors.matches(selector, Trees.stringMap(labels))) {
      errs.invalid(templatePath.child("metadata", "labels"), GoValues.stringMap(labels),
          "`selector` does not match template `labels`");
    }
  }

  /** Reports a template restartPolicy other than Always and any activeDeadlineSeconds. */
  static void restartPolicyAlwaysAndNoDeadline(JsonNode template, Path specPath, String kind,
      Errors errs) {
    String restartPolicy = Trees.text(template, "spec", "restartPolicy");
    if (!restartPolicy.equals("Always")) {
      errs.notSupportedString(specPath.child("restartPolicy"), restartPolicy, List.of("Always"));
    }
    if (Trees.has(template, "spec", "activeDeadlineSeconds")) {
      errs.forbidden(specPath.child("activeDeadlineSeconds"),
          "activeDeadlineSeconds in " + kind + " is not Supported");
    }
  }

  /** Reports a changed selector as {@code field is immutable}, showing the new selector. */
  static void selectorImmutable(JsonNode obj, JsonNode old, Errors errs) {
    JsonNode now = Trees.at(obj, "spec", "selector");
    if (!Trees.same(now, Trees.at(old, "spec", "selector"))) {
      errs.invalid(Path.of("spec").child("selector"),
          now.isMissingNode() ? "\"null\"" : GoValues.labelSelector(now), "field is immutable");
    }
  }
}
