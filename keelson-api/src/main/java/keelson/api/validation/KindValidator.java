package keelson.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The create and update validation of one kind, metadata included. */
interface KindValidator {

  /** Returns the errors of a new object. */
  Errors validateCreate(ObjectNode obj);

  /** Returns the errors of an update of {@code old} to {@code obj}. */
  Errors validateUpdate(ObjectNode obj, ObjectNode old);
}
