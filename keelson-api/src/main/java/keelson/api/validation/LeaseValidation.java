package keelson.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.validation.Identifiers.NameRule;

/** Lease validation: positive durations and non-negative transitions. */
final class LeaseValidation implements KindValidator {
  private static final Path SPEC = Path.of("spec");

  @Override
  public Errors validateCreate(ObjectNode obj) {
    return ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_SUBDOMAIN).addAll(spec(obj));
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    return ObjectMetaValidation.validateUpdate(obj, old).addAll(spec(obj));
  }

  private static Errors spec(ObjectNode obj) {
    Errors errs = new Errors();
    if (Trees.has(obj, "spec", "leaseDurationSeconds")) {
      long duration = Trees.integer(obj, 0, "spec", "leaseDurationSeconds");
      if (duration <= 0) {
        errs.invalidInt(SPEC.child("leaseDurationSeconds"), duration, "must be greater than 0");
      }
    }
    if (Trees.has(obj, "spec", "leaseTransitions")) {
      errs.nonNegative(SPEC.child("leaseTransitions"), Trees.integer(obj, 0, "spec", "leaseTransitions"));
    }
    return errs;
  }
}
