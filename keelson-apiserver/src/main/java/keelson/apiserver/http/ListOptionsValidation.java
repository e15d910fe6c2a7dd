package keelson.apiserver.http;

import java.util.ArrayList;
import java.util.List;
import keelson.api.validation.FieldError;
import keelson.apiserver.rest.ApiException;

/**
 * kube-apiserver's checks of the list and watch options that combine {@code resourceVersion},
 * {@code resourceVersionMatch}, {@code continue} and {@code sendInitialEvents} (the WatchList
 * feature is on, as in 1.32). A failure is a 422 on {@code ListOptions.meta.k8s.io}.
 */
final class ListOptionsValidation {
  private static final String NOT_OLDER_THAN = "NotOlderThan";
  private static final String EXACT = "Exact";

  private ListOptionsValidation() {}

  /**
   * Returns the problems of one request's options; empty when they are acceptable.
   *
   * @param sendInitialEvents the raw parameter, or null when absent (its presence matters)
   */
  static List<FieldError> check(boolean watch, String resourceVersion, String match, String sendInitialEvents,
      String continueToken) {
    List<FieldError> errors = new ArrayList<>();
    boolean hasMatch = match != null && !match.isEmpty();
    boolean hasContinue = continueToken != null && !continueToken.isEmpty();
    if (watch) {
      if (sendInitialEvents != null && !NOT_OLDER_THAN.equals(match)) {
        errors.add(forbidden("sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
      }
      if (hasMatch) {
        if (sendInitialEvents == null) {
          errors.add(forbidden("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
        }
        if (!match.equals(NOT_OLDER_THAN)) {
          errors.add(notSupported(match, "\"NotOlderThan\""));
        }
        if (hasContinue) {
          errors.add(forbidden("resourceVersionMatch is forbidden when continue is provided"));
        }
      }
      return errors;
    }
    if (hasMatch) {
      if (resourceVersion == null || resourceVersion.isEmpty()) {
        errors.add(forbidden("resourceVersionMatch is forbidden unless resourceVersion is provided"));
      }
      if (hasContinue) {
        errors.add(forbidden("resourceVersionMatch is forbidden when continue is provided"));
      }
      if (!match.equals(EXACT) && !match.equals(NOT_OLDER_THAN)) {
        errors.add(notSupported(match, "\"Exact\", \"NotOlderThan\", \"\""));
      }
      if (match.equals(EXACT) && "0".equals(resourceVersion)) {
        errors.add(forbidden("resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
      }
    }
    if (sendInitialEvents != null) {
      errors.add(new FieldError(FieldError.Type.FORBIDDEN, "sendInitialEvents", null,
          "sendInitialEvents is forbidden for list"));
    }
    return errors;
  }

  /** Checks a request's options, throwing kube-apiserver's 422 when they do not combine. */
  static void require(HttpExchange exchange, boolean watch) {
    List<FieldError> errors = check(watch, exchange.query("resourceVersion"), exchange.query("resourceVersionMatch"),
        exchange.query("sendInitialEvents"), exchange.query("continue"));
    if (!errors.isEmpty()) {
      throw ApiException.invalid("meta.k8s.io", "ListOptions", "", errors);
    }
  }

  private static FieldError forbidden(String detail) {
    return new FieldError(FieldError.Type.FORBIDDEN, "resourceVersionMatch", null, detail);
  }

  private static FieldError notSupported(String value, String supported) {
    return new FieldError(FieldError.Type.NOT_SUPPORTED, "resourceVersionMatch", "\"" + value + "\"",
        "supported values: " + supported);
  }
}
