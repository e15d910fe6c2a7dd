package keelson.apiserver.protobuf;

/**
 * One field of a message in the wire table: its number, its JSON name and how Go's JSON encoding
 * treats it.
 *
 * @param number the protobuf field number
 * @param jsonName the name in JSON; empty for an inlined embedded struct
 * @param shape single value, repeated (a JSON array) or map (a JSON object)
 * @param kind how each value is read and shown
 * @param messageName for {@link ValueKind#MESSAGE}, the message to read; otherwise the type name
 * @param pointer the Go field is a pointer: on the wire only when set, so a zero value is kept
 * @param omitEmpty the Go field is tagged omitempty, so a zero scalar is dropped unless a pointer
 * @param inline the Go field is an embedded struct whose fields appear in the parent object
 */
record FieldSpec(
    int number,
    String jsonName,
    Shape shape,
    ValueKind kind,
    String messageName,
    boolean pointer,
    boolean omitEmpty,
    boolean inline) {

  /** How many values the field holds. */
  enum Shape {
    SINGLE,
    REPEATED,
    MAP
  }
}
