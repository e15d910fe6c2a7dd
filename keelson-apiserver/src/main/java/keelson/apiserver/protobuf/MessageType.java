package keelson.apiserver.protobuf;

import java.util.Map;

/** One message of the wire table: its fully qualified protobuf name and its fields by number. */
record MessageType(String name, Map<Integer, FieldSpec> fields) {

  /** Returns the field with that number, or null for one this table does not know. */
  FieldSpec field(int number) {
    return fields.get(number);
  }
}
