package keelson.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The create and update validation of one kind, metadata included. */
interface KindValidator {

  /** Returns the errors of a new object. */
  Errors validateCreate(ObjectNode obj);

  /** Returns the errors of an update of {@code old} to {@code obj}. */
  Errors validateUpdate(ObjectNode obj, ObjectNode old);

  /**
   * Returns the errors of a write through the status subresource, after the status preparation
   * has put back everything of {@code old} but status (and some metadata). Kinds whose Kubernetes
   * status strategy validates less than a full update override this; the rest validate as an update.
   */
  default Errors validateStatusUpdate(ObjectNode obj, ObjectNode old) {
    return validateUpdate(obj, old);
  }
}
