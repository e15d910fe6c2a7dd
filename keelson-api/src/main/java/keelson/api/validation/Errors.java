package keelson.api.validation;

import java.util.ArrayList;
import java.util.List;
import keelson.api.validation.FieldError.Type;

/**
 * A growing list of field errors, with one factory per apimachinery constructor ({@code
 * field.Required}, {@code field.Invalid}, …) so callers say which kind of error they mean and the
 * rendering rules stay in one place.
 */
final class Errors {
  private final List<FieldError> list = new ArrayList<>();

  /** Returns the collected errors, in the order they were found. */
  List<FieldError> list() {
    return list;
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  int size() {
    return list.size();
  }

  Errors addAll(List<FieldError> errors) {
    list.addAll(errors);
    return this;
  }

  Errors addAll(Errors errors) {
    list.addAll(errors.list);
    return this;
  }

  /** {@code Required value[: detail]}. */
  Errors required(Path path, String detail) {
    list.add(new FieldError(Type.REQUIRED, path.value(), null, detail));
    return this;
  }

  /** {@code Invalid value: <rendered>[: detail]}; {@code rendered} is already in Go syntax. */
  Errors invalid(Path path, String rendered, String detail) {
    list.add(new FieldError(Type.INVALID, path.value(), rendered, detail));
    return this;
  }

  /** {@code Invalid value: "<s>"[: detail]} for a string value. */
  Errors invalidString(Path path, String value, String detail) {
    return invalid(path, GoValues.string(value), detail);
  }

  /** {@code Invalid value: <n>[: detail]} for an integer value. */
  Errors invalidInt(Path path, long value, String detail) {
    return invalid(path, Long.toString(value), detail);
  }

  /** {@code Forbidden[: detail]}. */
  Errors forbidden(Path path, String detail) {
    list.add(new FieldError(Type.FORBIDDEN, path.value(), null, detail));
    return this;
  }

  /** {@code Unsupported value: <rendered>: supported values: "a", "b"}. */
  Errors notSupported(Path path, String rendered, List<String> supported) {
    StringBuilder detail = new StringBuilder();
    if (supported != null && !supported.isEmpty()) {
      detail.append("supported values: ");
      for (int i = 0; i < supported.size(); i++) {
        if (i > 0) {
          detail.append(", ");
        }
        detail.append(GoValues.string(supported.get(i)));
      }
    }
    list.add(new FieldError(Type.NOT_SUPPORTED, path.value(), rendered, detail.toString()));
    return this;
  }

  /** {@code Unsupported value: "<s>": supported values: …} for a string value. */
  Errors notSupportedString(Path path, String value, List<String> supported) {
    return notSupported(path, GoValues.string(value), supported);
  }

  /** {@code Duplicate value: <rendered>}. */
  Errors duplicate(Path path, String rendered) {
    list.add(new FieldError(Type.DUPLICATE, path.value(), rendered, ""));
    return this;
  }

  /** {@code Not found: <rendered>}. */
  Errors notFound(Path path, String rendered) {
    list.add(new FieldError(Type.NOT_FOUND, path.value(), rendered, ""));
    return this;
  }

  /** {@code Too long: may not be more than N bytes}; like apimachinery 1.32 the value is not shown. */
  Errors tooLong(Path path, int maxLength) {
    String detail = "may not be more than " + maxLength + (maxLength == 1 ? " byte" : " bytes");
    list.add(new FieldError(Type.TOO_LONG, path.value(), null, detail));
    return this;
  }

  /** {@code Too many: <n>: must have at most M items}. */
  Errors tooMany(Path path, int actual, int max) {
    list.add(new FieldError(Type.TOO_MANY, path.value(), Integer.toString(actual),
        "must have at most " + max + (max == 1 ? " item" : " items")));
    return this;
  }

  /** Adds one {@code Invalid value} per message, all about the same string value. */
  Errors invalidEach(Path path, String value, List<String> messages) {
    for (String message : messages) {
      invalidString(path, value, message);
    }
    return this;
  }

  /** {@code Invalid value: <old-or-new>: field is immutable} when the rendered values differ. */
  Errors immutable(Path path, String renderedNew, boolean changed) {
    if (changed) {
      invalid(path, renderedNew, "field is immutable");
    }
    return this;
  }

  /** {@code Invalid value: n: must be greater than or equal to 0} when {@code n} is negative. */
  Errors nonNegative(Path path, long value) {
    if (value < 0) {
      invalidInt(path, value, "must be greater than or equal to 0");
    }
    return this;
  }
}
