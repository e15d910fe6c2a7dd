package keelson.controllers.runtime;

/** A reconcile failure that retrying cannot fix, such as an invalid selector. */
public class PermanentError extends RuntimeException {
  public PermanentError(String message) {
    super(message, null, false, false);
  }
}
