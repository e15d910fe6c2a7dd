package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.validation.Identifiers.NameRule;

/**
 * ReplicaSet and Deployment validation (apps ValidateReplicaSetSpec, ValidateDeploymentSpec, and
 * the strategies' selector immutability). Both use the ReplicaSet template rules, whose messages
 * say "ReplicaSet" even for Deployments, as kube-apiserver's do.
 */
final class ReplicaSetValidation implements KindValidator {
  private static final Path SPEC = Path.of("spec");
  private final boolean deployment;

  private ReplicaSetValidation(boolean deployment) {
    this.deployment = deployment;
  }

  static ReplicaSetValidation forReplicaSets() {
    return new ReplicaSetValidation(false);
  }

  static ReplicaSetValidation forDeployments() {
    return new ReplicaSetValidation(true);
  }

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

  private Errors spec(JsonNode spec) {
    Errors errs = new Errors();
    errs.nonNegative(SPEC.child("replicas"), Trees.integer(spec, 0, "replicas"));
    if (!deployment) {
      errs.nonNegative(SPEC.child("minReadySeconds"), Trees.integer(spec, 0, "minReadySeconds"));
    }
    JsonNode selector = Trees.at(spec, "selector");
    if (selector.isMissingNode()) {
      errs.required(SPEC.child("selector"), "");
    } else {
      errs.addAll(LabelSelectors.validate(selector, SPEC.child("selector")));
      if (LabelSelectors.isEmpty(selector)) {
        // kube-apiserver says "deployment" for ReplicaSets too
        errs.invalid(SPEC.child("selector"), GoValues.labelSelector(selector),
            "empty selector is invalid for deployment");
      }
    }
    JsonNode template = Trees.at(spec, "template");
    if (!LabelSelectors.isConvertible(selector)) {
      errs.invalid(SPEC.child("selector"), GoValues.labelSelector(selector), "invalid label selector");
    } else {
      Workloads.templateLabelsMatch(selector, template, SPEC.child("template"), errs);
      errs.addAll(PodSpecValidation.validateTemplate(template, SPEC.child("template")));
      Workloads.restartPolicyAlwaysAndNoDeadline(template, SPEC.child("template", "spec"),
          "ReplicaSet", errs);
    }
    if (deployment) {
      strategy(Trees.at(spec, "strategy"), errs);
      long minReady = Trees.integer(spec, 0, "minReadySeconds");
      errs.nonNegative(SPEC.child("minReadySeconds"), minReady);
      if (Trees.has(spec, "revisionHistoryLimit")) {
        errs.nonNegative(SPEC.child("revisionHistoryLimit"),
            Trees.integer(spec, 0, "revisionHistoryLimit"));
      }
      if (Trees.has(spec, "progressDeadlineSeconds")) {
        long deadline = Trees.integer(spec, 0, "progressDeadlineSeconds");
        errs.nonNegative(SPEC.child("progressDeadlineSeconds"), deadline);
        if (deadline <= minReady) {
          errs.invalidInt(SPEC.child("progressDeadlineSeconds"), deadline,
              "must be greater than minReadySeconds");
        }
      }
    }
    return errs;
  }

  private static void strategy(JsonNode strategy, Errors errs) {
    Path path = SPEC.child("strategy");
    JsonNode rolling = Trees.at(strategy, "rollingUpdate");
    switch (Trees.text(strategy, "type")) {
      case "Recreate" -> {
        if (!rolling.isMissingNode()) {
          errs.forbidden(path.child("rollingUpdate"),
              "may not be specified when strategy `type` is 'Recreate'");
        }
      }
      case "RollingUpdate" -> {
        if (rolling.isMissingNode()) {
          errs.required(path.child("rollingUpdate"), "this should be defaulted and never be nil");
          return;
        }
        Path ru = path.child("rollingUpdate");
        JsonNode maxUnavailable = Trees.at(rolling, "maxUnavailable");
        JsonNode maxSurge = Trees.at(rolling, "maxSurge");
        IntOrPercent.validatePositive(maxUnavailable, ru.child("maxUnavailable"), errs);
        IntOrPercent.validatePositive(maxSurge, ru.child("maxSurge"), errs);
        if (IntOrPercent.numberOf(maxUnavailable) == 0 && IntOrPercent.numberOf(maxSurge) == 0) {
          errs.invalid(ru.child("maxUnavailable"), GoValues.intOrString(maxUnavailable),
              "may not be 0 when `maxSurge` is 0");
        }
        IntOrPercent.validateAtMost100Percent(maxUnavailable, ru.child("maxUnavailable"), errs);
      }
      default -> errs.notSupported(path,
          "apps.DeploymentStrategy{Type:" + GoValues.string(Trees.text(strategy, "type"))
              + ", RollingUpdate:" + GoValues.pointer("apps.RollingUpdateDeployment", rolling) + "}",
          List.of("Recreate", "RollingUpdate"));
    }
  }
}
