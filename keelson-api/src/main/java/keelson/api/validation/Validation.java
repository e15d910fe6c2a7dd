package keelson.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.registry.ResourceType;
import java.util.List;

/** Validates objects of the served kinds as kube-apiserver 1.32 does. */
public final class Validation {
  private Validation() {}

  /** Returns the errors of a new object (defaults already applied), metadata included. */
  public static List<FieldError> validateCreate(ResourceType type, ObjectNode obj) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Returns the errors of an update of {@code old} to {@code obj}, immutable fields included. */
  public static List<FieldError> validateUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
    throw new UnsupportedOperationException("not yet written");
  }
}
