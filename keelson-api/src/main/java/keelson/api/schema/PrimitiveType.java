package keelson.api.schema;

/** The scalar value kinds that appear in Kubernetes objects. */
public enum PrimitiveType {
  STRING,
  /** A base64-encoded string holding bytes, such as a Secret's data values. */
  BYTES,
  INT32,
  INT64,
  NUMBER,
  BOOLEAN,
  /** Either a JSON number or a string, such as a port name or a percentage. */
  INT_OR_STRING,
  /** A resource quantity such as {@code 500m} or {@code 1Gi}, written as a string or a number. */
  QUANTITY,
  /** An RFC 3339 timestamp with second precision (meta/v1 Time). */
  DATE_TIME,
  /** An RFC 3339 timestamp with microsecond precision (meta/v1 MicroTime). */
  MICRO_TIME
}
