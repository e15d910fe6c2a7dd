package keelson.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.validation.Identifiers.NameRule;

/** Validation of kinds whose only rules are the metadata ones (ServiceAccount, for example). */
final class MetadataOnlyValidation implements KindValidator {
  private final boolean namespaced;
  private final NameRule nameRule;

  MetadataOnlyValidation(boolean namespaced, NameRule nameRule) {
    this.namespaced = namespaced;
    this.nameRule = nameRule;
  }

  @Override
  public Errors validateCreate(ObjectNode obj) {
    return ObjectMetaValidation.validate(obj, namespaced, nameRule);
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    return ObjectMetaValidation.validateUpdate(obj, old);
  }
}
