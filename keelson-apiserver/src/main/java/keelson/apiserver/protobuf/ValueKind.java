package keelson.apiserver.protobuf;

import java.util.Map;

/** How one protobuf field value is read off the wire and shown in JSON. */
enum ValueKind {
  STRING,
  BOOL,
  INT32,
  INT64,
  UINT32,
  UINT64,
  DOUBLE,
  FLOAT,
  /** Shown base64-encoded, as Go's JSON encoding shows {@code []byte}. */
  BYTES,
  /** A message of the table, shown as a JSON object. */
  MESSAGE,
  /** meta/v1 Time: whole seconds, RFC 3339 in UTC. */
  TIME,
  /** meta/v1 MicroTime: RFC 3339 in UTC with six fractional digits. */
  MICRO_TIME,
  /** meta/v1 Duration: Go's duration string, such as {@code 1h0m0s}. */
  DURATION,
  /** resource.Quantity: its canonical string. */
  QUANTITY,
  /** intstr.IntOrString: a JSON number or string. */
  INT_OR_STRING,
  /** runtime.RawExtension and meta/v1 FieldsV1: embedded JSON bytes, shown as the tree. */
  RAW_JSON;

  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

  /** The messages that have a JSON form of their own rather than an object of their fields. */
  private static final Map<String, ValueKind> SPECIAL_MESSAGES = Map.of(
      META + "Time", TIME,
      META + "MicroTime", MICRO_TIME,
      META + "Duration", DURATION,
      META + "FieldsV1", RAW_JSON,
      "k8s.io.apimachinery.pkg.api.resource.Quantity", QUANTITY,
      "k8s.io.apimachinery.pkg.util.intstr.IntOrString", INT_OR_STRING,
      "k8s.io.apimachinery.pkg.runtime.RawExtension", RAW_JSON);

  /** Returns the kind of a type name from the table: a scalar or a message name. */
  static ValueKind of(String type) {
    return switch (type) {
      case "string" -> STRING;
      case "bool" -> BOOL;
      case "int32" -> INT32;
      case "int64" -> INT64;
      case "uint32" -> UINT32;
      case "uint64" -> UINT64;
      case "double" -> DOUBLE;
      case "float" -> FLOAT;
      case "bytes" -> BYTES;
      default -> SPECIAL_MESSAGES.getOrDefault(type, MESSAGE);
    };
  }

  /** Whether the value travels length-delimited (strings, bytes and every message). */
  boolean isLengthDelimited() {
    return switch (this) {
      case BOOL, INT32, INT64, UINT32, UINT64, DOUBLE, FLOAT -> false;
      default -> true;
    };
  }
}
