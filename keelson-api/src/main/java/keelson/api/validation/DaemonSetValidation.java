package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.validation.Identifiers.NameRule;

/**
 * DaemonSet validation (apps ValidateDaemonSet, ValidateDaemonSetUpdate and the strategy's
 * selector immutability). Unlike StatefulSets the pod template is validated in full.
 */
final class DaemonSetValidation implements KindValidator {
  private static final Path SPEC = Path.of("spec");

  @Override
  public Errors validateCreate(ObjectNode obj) {
    Errors errs = ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_SUBDOMAIN);
    return errs.addAll(spec(Trees.at(obj, "spec")));
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
    errs.addAll(spec(Trees.at(obj, "spec")));
    Workloads.selectorImmutable(obj, old, errs);
    return errs;
  }

  private static Errors spec(JsonNode spec) {
    Errors errs = new Errors();
    JsonNode selector = Trees.at(spec, "selector");
    errs.addAll(LabelSelectors.validate(selector, SPEC.child("selector")));
    JsonNode template = Trees.at(spec, "template");
    if (LabelSelectors.isConvertible(selector)) {
      // no "Required value" for a missing DaemonSet selector: it simply matches nothing
      JsonNode labels = Trees.at(template, "metadata", "labels");
      boolean matches = !selector.isMissingNode() && LabelSelectors.isEmpty(selector)
          || LabelSelectors.matches(selector, Trees.stringMap(labels));
      if (!matches) {
        errs.invalid(SPEC.child("template", "metadata", "labels"), GoValues.stringMap(labels),
            "`selector` does not match template `labels`");
      }
    }
    if (!selector.isMissingNode() && LabelSelectors.isEmpty(selector)) {
      errs.invalid(SPEC.child("selector"), GoValues.labelSelector(selector),
          "empty selector is invalid for daemonset");
    }
    errs.addAll(PodSpecValidation.validateTemplate(template, SPEC.child("template")));
    Workloads.restartPolicyAlwaysAndNoDeadline(template, SPEC.child("template", "spec"),
        "DaemonSet", errs);
    errs.nonNegative(SPEC.child("minReadySeconds"), Trees.integer(spec, 0, "minReadySeconds"));
    updateStrategy(Trees.at(spec, "updateStrategy"), errs);
    if (Trees.has(spec, "revisionHistoryLimit")) {
      errs.nonNegative(SPEC.child("revisionHistoryLimit"),
          Trees.integer(spec, 0, "revisionHistoryLimit"));
    }
    return errs;
  }

  private static void updateStrategy(JsonNode strategy, Errors errs) {
    Path path = SPEC.child("updateStrategy");
    JsonNode rolling = Trees.at(strategy, "rollingUpdate");
    switch (Trees.text(strategy, "type")) {
      case "OnDelete" -> { }
      case "RollingUpdate" -> {
        if (rolling.isMissingNode()) {
          errs.required(path.child("rollingUpdate"), "");
          return;
        }
        Path ru = path.child("rollingUpdate");
        JsonNode maxUnavailable = Trees.at(rolling, "maxUnavailable");
        JsonNode maxSurge = Trees.at(rolling, "maxSurge");
        IntOrPercent.validatePositive(maxUnavailable, ru.child("maxUnavailable"), errs);
        IntOrPercent.validatePositive(maxSurge, ru.child("maxSurge"), errs);
        IntOrPercent.validateAtMost100Percent(maxUnavailable, ru.child("maxUnavailable"), errs);
        IntOrPercent.validateAtMost100Percent(maxSurge, ru.child("maxSurge"), errs);
        boolean hasUnavailable = IntOrPercent.numberOf(maxUnavailable) != 0;
        boolean hasSurge = IntOrPercent.numberOf(maxSurge) != 0;
        if (hasUnavailable && hasSurge) {
          errs.invalid(ru.child("maxSurge"), GoValues.intOrString(maxSurge),
              "may not be set when maxUnavailable is non-zero");
        } else if (!hasUnavailable && !hasSurge) {
          errs.required(ru.child("maxUnavailable"), "cannot be 0 when maxSurge is 0");
        }
      }
      default -> errs.notSupported(path,
          "apps.DaemonSetUpdateStrategy{Type:" + GoValues.string(Trees.text(strategy, "type"))
              + ", RollingUpdate:" + GoValues.pointer("apps.RollingUpdateDaemonSet", rolling) + "}",
          List.of("RollingUpdate", "OnDelete"));
    }
  }
}
