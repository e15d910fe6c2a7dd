package keelson.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.validation.Identifiers.NameRule;

/** core/v1 Event validation, as the legacy rules apply to events written through /api/v1. */
final class EventValidation implements KindValidator {

  @Override
  public Errors validateCreate(ObjectNode obj) {
    return ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_SUBDOMAIN).addAll(legacy(obj));
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    return ObjectMetaValidation.validateUpdate(obj, old).addAll(legacy(obj));
  }

  private static Errors legacy(ObjectNode obj) {
    Errors errs = new Errors();
    String namespace = Trees.text(obj, "metadata", "namespace");
    String involved = Trees.text(obj, "involvedObject", "namespace");
    Path involvedPath = Path.of("involvedObject").child("namespace");
    if (!Trees.has(obj, "eventTime")) {
      boolean mismatch = involved.isEmpty()
          ? !namespace.isEmpty() && !namespace.equals("default")
          : !namespace.equals(involved);
      if (mismatch) {
        errs.invalidString(involvedPath, involved, "does not match event.namespace");
      }
    } else {
      if (involved.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
        errs.invalidString(involvedPath, involved, "does not match event.namespace");
      }
      String controller = Trees.text(obj, "reportingComponent");
      Path controllerPath = Path.of("reportingComponent");
      if (controller.isEmpty()) {
        errs.required(controllerPath, "");
      }
      errs.invalidEach(controllerPath, controller, Identifiers.qualifiedName(controller));
      lengthLimited(obj, "reportingInstance", 128, true, errs);
      lengthLimited(obj, "action", 128, true, errs);
      lengthLimited(obj, "reason", 128, true, errs);
      lengthLimited(obj, "message", 1024, false, errs);
    }
    errs.invalidEach(Path.of("namespace"), namespace, Identifiers.dns1123Subdomain(namespace));
    return errs;
  }

  private static void lengthLimited(ObjectNode obj, String field, int limit, boolean required,
      Errors errs) {
    String value = Trees.text(obj, field);
    if (required && value.isEmpty()) {
      errs.required(Path.of(field), "");
    }
    if (value.length() > limit) {
      errs.invalidString(Path.of(field), "", "can have at most " + limit + " characters");
    }
  }
}
