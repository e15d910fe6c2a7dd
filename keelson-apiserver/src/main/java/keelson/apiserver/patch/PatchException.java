package keelson.apiserver.patch;

/**
 * A patch that cannot be applied, with the HTTP status kube-apiserver answers for it.
 *
 * <p>A malformed patch document is a 400 Bad Request; a well-formed patch that does not fit the
 * object (a JSON patch {@code test} that fails, a path that is missing) is a 422, which kube-apiserver
 * also uses for these cases.
 */
public final class PatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  private PatchException(int statusCode, String message) {
    super(message);
    this.statusCode = statusCode;
  }

  /** Returns an error for a patch document that is not of the expected form (HTTP 400). */
  public static PatchException badRequest(String message) {
    return new PatchException(400, message);
  }

  /** Returns an error for a well-formed patch that cannot be applied to this object (HTTP 422). */
  public static PatchException unprocessable(String message) {
    return new PatchException(422, message);
  }

  /** Returns the HTTP status code to answer with: 400 or 422. */
  public int statusCode() {
    return statusCode;
  }
}
