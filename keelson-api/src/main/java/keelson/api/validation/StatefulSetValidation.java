package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.validation.Identifiers.NameRule;

/**
 * StatefulSet validation (apps ValidateStatefulSet and ValidateStatefulSetUpdate). Its pod template
 * is deliberately not validated as a pod spec, exactly like kube-apiserver 1.32: a template without
 * an image is accepted, and the failure shows up later when the controller creates pods.
 */
final class StatefulSetValidation implements KindValidator {
  private static final Path SPEC = Path.of("spec");
  private static final List<String> SPEC_FIELDS_IGNORED_ON_UPDATE = List.of("replicas", "template",
      "updateStrategy", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy");

  @Override
  public Errors validateCreate(ObjectNode obj) {
    Errors errs = ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_LABEL);
    return errs.addAll(spec(Trees.at(obj, "spec")));
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    // The name is not validated again: older servers accepted subdomain names, and such sets
    // must remain updatable (for example to remove a finalizer).
    Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
    errs.addAll(spec(Trees.at(obj, "spec")));
    ObjectNode now = Trees.at(obj, "spec").isObject() ? ((ObjectNode) obj.get("spec")).deepCopy() : null;
    ObjectNode before = Trees.at(old, "spec").isObject() ? ((ObjectNode) old.get("spec")).deepCopy() : null;
    if (now != null) {
      now.remove(SPEC_FIELDS_IGNORED_ON_UPDATE);
    }
    if (before != null) {
      before.remove(SPEC_FIELDS_IGNORED_ON_UPDATE);
    }
    if (!Trees.same(now, before)) {
      errs.forbidden(SPEC, "updates to statefulset spec for fields other than 'replicas', 'ordinals',"
          + " 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and"
          + " 'minReadySeconds' are forbidden");
    }
    return errs;
  }

  private static Errors spec(JsonNode spec) {
    Errors errs = new Errors();
    String policy = Trees.text(spec, "podManagementPolicy");
    switch (policy) {
      case "" -> errs.required(SPEC.child("podManagementPolicy"), "");
      case "OrderedReady", "Parallel" -> { }
      default -> errs.invalidString(SPEC.child("podManagementPolicy"), policy,
          "must be 'OrderedReady' or 'Parallel'");
    }
    updateStrategy(Trees.at(spec, "updateStrategy"), errs);
    JsonNode retention = Trees.at(spec, "persistentVolumeClaimRetentionPolicy");
    if (!retention.isMissingNode()) {
      for (String field : new String[] {"whenDeleted", "whenScaled"}) {
        String value = Trees.text(retention, field);
        if (!value.equals("Retain") && !value.equals("Delete")) {
          errs.notSupportedString(SPEC.child("persistentVolumeClaimRetentionPolicy", field), value,
              List.of("Retain", "Delete"));
        }
      }
    }
    errs.nonNegative(SPEC.child("replicas"), Trees.integer(spec, 0, "replicas"));
    errs.nonNegative(SPEC.child("minReadySeconds"), Trees.integer(spec, 0, "minReadySeconds"));
    if (Trees.has(spec, "ordinals")) {
      errs.nonNegative(SPEC.child("ordinals.start"), Trees.integer(spec, 0, "ordinals", "start"));
    }
    JsonNode selector = Trees.at(spec, "selector");
    if (selector.isMissingNode()) {
      errs.required(SPEC.child("selector"), "");
    } else {
      errs.addAll(LabelSelectors.validate(selector, SPEC.child("selector")));
      if (LabelSelectors.isEmpty(selector)) {
        errs.invalid(SPEC.child("selector"), GoValues.labelSelector(selector),
            "empty selector is invalid for statefulset");
      }
    }
    JsonNode template = Trees.at(spec, "template");
    if (!LabelSelectors.isConvertible(selector)) {
      errs.invalid(SPEC.child("selector"), GoValues.labelSelector(selector), "");
    } else {
      Workloads.templateLabelsMatch(selector, template, SPEC.child("template"), errs);
      JsonNode meta = Trees.at(template, "metadata");
      errs.addAll(ObjectMetaValidation.labels(Trees.stringMap(meta, "labels"),
          SPEC.child("template", "labels")));
      errs.addAll(ObjectMetaValidation.annotations(Trees.stringMap(meta, "annotations"),
          SPEC.child("template", "annotations")));
    }
    Workloads.restartPolicyAlwaysAndNoDeadline(template, SPEC.child("template", "spec"),
        "StatefulSet", errs);
    return errs;
  }

  private static void updateStrategy(JsonNode strategy, Errors errs) {
    Path path = SPEC.child("updateStrategy");
    JsonNode rolling = Trees.at(strategy, "rollingUpdate");
    switch (Trees.text(strategy, "type")) {
      case "" -> errs.required(path, "");
      case "OnDelete" -> {
        if (!rolling.isMissingNode()) {
          errs.invalid(path.child("rollingUpdate"), rollingUpdateValue(rolling),
              "only allowed for updateStrategy 'RollingUpdate'");
        }
      }
      case "RollingUpdate" -> {
        if (!rolling.isMissingNode()) {
          errs.nonNegative(path.child("rollingUpdate", "partition"),
              Trees.integer(rolling, 0, "partition"));
          JsonNode maxUnavailable = Trees.at(rolling, "maxUnavailable");
          if (!maxUnavailable.isMissingNode()) {
            Path p = path.child("rollingUpdate", "maxUnavailable");
            IntOrPercent.validatePositive(maxUnavailable, p, errs);
            if (IntOrPercent.numberOf(maxUnavailable) == 0) {
              errs.invalid(p, GoValues.intOrString(maxUnavailable), "cannot be 0");
            }
            IntOrPercent.validateAtMost100Percent(maxUnavailable, p, errs);
          }
        }
      }
      default -> errs.invalid(path,
          "apps.StatefulSetUpdateStrategy{Type:" + GoValues.string(Trees.text(strategy, "type"))
              + ", RollingUpdate:" + GoValues.pointer("apps.RollingUpdateStatefulSetStrategy", rolling)
              + "}",
          "must be 'RollingUpdate' or 'OnDelete'");
    }
  }

  private static String rollingUpdateValue(JsonNode rolling) {
    return "apps.RollingUpdateStatefulSetStrategy{Partition:" + Trees.integer(rolling, 0, "partition")
        + ", MaxUnavailable:" + GoValues.pointer("intstr.IntOrString", Trees.at(rolling, "maxUnavailable"))
        + "}";
  }
}
