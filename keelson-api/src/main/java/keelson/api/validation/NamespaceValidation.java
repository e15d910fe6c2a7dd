package keelson.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.validation.Identifiers.NameRule;

/** Namespace validation: a DNS-1123 label name and well-formed spec.finalizers. */
final class NamespaceValidation implements KindValidator {

  @Override
  public Errors validateCreate(ObjectNode obj) {
    Errors errs = ObjectMetaValidation.validate(obj, false, NameRule.DNS1123_LABEL);
    Path path = Path.of("spec").child("finalizers");
    for (String finalizer : Trees.strings(obj, "spec", "finalizers")) {
      errs.invalidEach(path, finalizer, Identifiers.qualifiedName(finalizer));
      if (!finalizer.contains("/") && !finalizer.equals("kubernetes")
          && !finalizer.equals("orphan") && !finalizer.equals("foregroundDeletion")) {
        errs.invalidString(path, finalizer,
            "name is neither a standard finalizer name nor is it fully qualified");
      }
    }
    return errs;
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    return ObjectMetaValidation.validateUpdate(obj, old);
  }
}
