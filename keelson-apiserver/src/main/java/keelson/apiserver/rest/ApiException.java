package keelson.apiserver.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.ResourceType;
import keelson.api.validation.FieldError;

/**
 * A request failure carried to the client as a meta/v1 Status, with kube-apiserver's codes,
 * reasons and message forms. The factories are named after apimachinery's error constructors.
 */
public final class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final transient ObjectNode details;
  private final String continueToken;

  private ApiException(int code, String reason, String message, ObjectNode details) {
    this(code, reason, message, details, null);
  }

  private ApiException(int code, String reason, String message, ObjectNode details, String continueToken) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.details = details;
    this.continueToken = continueToken;
  }

  public int code() {
    return code;
  }

  /** Returns the Status reason, or null for a Status without one. */
  public String reason() {
    return reason;
  }

  /** Returns the Status object for this failure. */
  public ObjectNode toStatus() {
    ObjectNode status = Json.object();
    status.put("kind", "Status").put("apiVersion", "v1");
    ObjectNode metadata = status.putObject("metadata");
    if (continueToken != null) {
      metadata.put("continue", continueToken);
    }
    status.put("status", "Failure").put("message", getMessage());
    if (reason != null) {
      status.put("reason", reason);
    }
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return status;
  }

  /** 404: {@code statefulsets.apps "web" not found}. */
  public static ApiException notFound(ResourceType type, String name) {
    return new ApiException(404, "NotFound", type.qualifiedResource() + " \"" + name + "\" not found",
        details(type, name));
  }

  /** 404 for a path that names nothing served. */
  public static ApiException notFoundPath() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource", null);
  }

  /** 409: {@code statefulsets.apps "web" already exists}. */
  public static ApiException alreadyExists(ResourceType type, String name) {
    return new ApiException(409, "AlreadyExists",
        type.qualifiedResource() + " \"" + name + "\" already exists", details(type, name));
  }

  /** 409 for a stale resourceVersion or a failed precondition. */
  public static ApiException conflict(ResourceType type, String name, String why) {
    return new ApiException(409, "Conflict",
        "Operation cannot be fulfilled on " + type.qualifiedResource() + " \"" + name + "\": " + why,
        details(type, name));
  }

  /** 409 for a write that raced another writer. */
  public static ApiException modified(ResourceType type, String name) {
    return conflict(type, name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  /** 422 with one cause per field error, as apimachinery's NewInvalid builds it. */
  public static ApiException invalid(ResourceType type, String name, List<FieldError> errors) {
    String shown = name == null ? "" : name;
    ObjectNode details = Json.object();
    details.put("name", shown);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.kind());
    return invalidWith(type.qualifiedKind() + " \"" + shown + "\"", details, errors);
  }

  /** 422 on a kind that is not a served resource (request options such as ListOptions). */
  public static ApiException invalid(String group, String kind, String name, List<FieldError> errors) {
    ObjectNode details = Json.object();
    details.put("name", name);
    details.put("group", group);
    details.put("kind", kind);
    return invalidWith(kind + "." + group + " \"" + name + "\"", details, errors);
  }

  /** The 422 itself: {@code details} gain the causes, the message names {@code subject}. */
  private static ApiException invalidWith(String subject, ObjectNode details, List<FieldError> errors) {
    ArrayNode causes = details.putArray("causes");
    for (FieldError error : errors) {
      causes.addObject()
          .put("reason", error.type().reason())
          .put("message", error.message())
          .put("field", error.field());
    }
    String body = errors.size() == 1
        ? errors.get(0).toString()
        : "[" + String.join(", ", errors.stream().map(FieldError::toString).toList()) + "]";
    return new ApiException(422, "Invalid", subject + " is invalid: " + body, details);
  }

  /** 422 with empty kind and name, as a strict-decoding failure of a patch is reported. */
  public static ApiException invalidRequest(List<FieldError> errors) {
    return invalidWith(" \"\"", Json.object(), errors);
  }

  /**
   * 422 for invalid request options, as {@code PatchOptions.meta.k8s.io "" is invalid: fieldManager:
   * Required value: is required for apply patch}.
   */
  public static ApiException invalidOptions(String kind, List<FieldError> errors) {
    return invalidWith(kind + ".meta.k8s.io \"\"",
        Json.object().put("group", "meta.k8s.io").put("kind", kind), errors);
  }

  /**
   * 409 for a server-side apply that would change fields other managers own: details carry one
   * {@code FieldManagerConflict} cause per field and, as kube-apiserver's, no name or kind.
   */
  public static ApiException applyConflict(String message, ArrayNode causes) {
    ObjectNode details = Json.object();
    details.set("causes", causes);
    return new ApiException(409, "Conflict", message, details);
  }

  /**
   * 422 as apimachinery's generic server response builds it for a JSON patch that cannot be
   * applied: a fixed message, empty details, the cause not passed on.
   */
  public static ApiException rejected() {
    return new ApiException(422, "Invalid", "the server rejected our request due to an error in our request",
        Json.object());
  }

  /** 400 without details. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message, null);
  }

  /** 401 for a request without valid credentials. */
  public static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "Unauthorized", null);
  }

  /** 403 with the kind's details. */
  public static ApiException forbidden(ResourceType type, String name, String why) {
    return new ApiException(403, "Forbidden",
        type.qualifiedResource() + " \"" + name + "\" is forbidden: " + why, details(type, name));
  }

  /** 405 for a verb the resource does not support. */
  public static ApiException methodNotSupported(ResourceType type, String verb) {
    ObjectNode details = Json.object();
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.plural());
    return new ApiException(405, "MethodNotAllowed",
        "the server does not allow this method on the requested resource", details);
  }

  /** 406 for an Accept header the server cannot satisfy. */
  public static ApiException notAcceptable(String message) {
    return new ApiException(406, "NotAcceptable", message, null);
  }

  /** 410: the requested resourceVersion is older than the history kept. */
  public static ApiException gone(String message) {
    return new ApiException(410, "Expired", message, null);
  }

  /** 410 whose Status carries a continue token (in its list metadata) to go on with. */
  public static ApiException gone(String message, String continueToken) {
    return new ApiException(410, "Expired", message, null, continueToken);
  }

  /** 415 for a request body type the verb does not accept. */
  public static ApiException unsupportedMediaType(String contentType) {
    return new ApiException(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + "application/json, application/yaml", null);
  }

  /** 500 with the message as given (no reason, as kube-apiserver's generic errors). */
  public static ApiException internal(String message) {
    return new ApiException(500, "InternalError", message, null);
  }

  /** 500 without a reason, the form kube-apiserver uses for some server-side-apply failures. */
  public static ApiException internalNoReason(String message) {
    return new ApiException(500, null, message, null);
  }

  /** 503 for a service the server does not offer on this path. */
  public static ApiException serviceUnavailable(String message) {
    return new ApiException(503, "ServiceUnavailable", message, null);
  }

  /** 504 when a request waited too long for storage. */
  public static ApiException timeout(String message) {
    return new ApiException(504, "Timeout", message, null);
  }

  private static ObjectNode details(ResourceType type, String name) {
    ObjectNode details = Json.object();
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.plural());
    return details;
  }
}
