package keelson.api.validation;

/**
 * One field error, as apimachinery's field.Error: a type, a field path, the offending value
 * (already rendered as kube-apiserver 1.32 prints it, or null when the type shows no value) and a
 * detail.
 *
 * @param type the kind of error; decides the cause reason and the message's lead words
 * @param field the dotted field path, for example {@code spec.template.metadata.labels}
 * @param renderedValue the bad value as printed, for example {@code "Web"} with its quotes, or
 *     {@code map[string]string{"app":"web"}}; null when not shown
 * @param detail the explanation after the value, may be empty
 */
public record FieldError(Type type, String field, String renderedValue, String detail) {

  /** The error types and their wording, as in apimachinery's field package. */
  public enum Type {
    REQUIRED("FieldValueRequired", "Required value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    NOT_FOUND("FieldValueNotFound", "Not found"),
    TOO_LONG("FieldValueTooLong", "Too long"),
    TOO_MANY("FieldValueTooMany", "Too many"),
    INTERNAL("InternalError", "Internal error");

    private final String reason;
    private final String words;

    Type(String reason, String words) {
      this.reason = reason;
      this.words = words;
    }

    /** Returns the cause reason put in a Status, for example {@code FieldValueRequired}. */
    public String reason() {
      return reason;
    }

    /** Returns the lead words of the message, for example {@code Required value}. */
    public String words() {
      return words;
    }
  }

  /**
   * Returns the message without the field prefix, as a Status cause carries it: for example
   * {@code Invalid value: -1: must be greater than or equal to 0}.
   */
  public String message() {
    StringBuilder out = new StringBuilder(type.words());
    if (renderedValue != null) {
      out.append(": ").append(renderedValue);
    }
    if (detail != null && !detail.isEmpty()) {
      out.append(": ").append(detail);
    }
    return out.toString();
  }

  /** Returns {@code field: message}, the form kube-apiserver joins into a Status message. */
  @Override
  public String toString() {
    return field + ": " + message();
  }
}
