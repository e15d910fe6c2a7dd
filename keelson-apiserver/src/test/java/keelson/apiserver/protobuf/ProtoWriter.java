package keelson.apiserver.protobuf;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds protobuf messages field by field, the way the tests lay out Kubernetes bodies. */
final class ProtoWriter {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

  static ProtoWriter message() {
    return new ProtoWriter();
  }

  /**
   * Wraps an object as client-go does: magic, then runtime.Unknown with typeMeta, raw and the
   * (empty) contentEncoding and contentType that gogo writes anyway.
   */
  static byte[] body(String apiVersion, String kind, ProtoWriter object) {
    byte[] unknown = message()
        .message(1, message().string(1, apiVersion).string(2, kind))
        .bytes(2, object.toByteArray())
        .string(3, "")
        .string(4, "")
        .toByteArray();
    byte[] body = new byte[4 + unknown.length];
    System.arraycopy(new byte[] {'k', '8', 's', 0}, 0, body, 0, 4);
    System.arraycopy(unknown, 0, body, 4, unknown.length);
    return body;
  }

  /**
   * ObjectMeta fields 1 to 7 as gogo writes them for an object with only a name (and namespace):
   * the non-pointer strings and the generation are written even though they are zero. Callers
   * go on from field 8 (creationTimestamp).
   */
  static ProtoWriter objectMeta(String name) {
    return objectMeta(name, "");
  }

  static ProtoWriter objectMeta(String name, String namespace) {
    return message().string(1, name).string(2, "").string(3, namespace).string(4, "")
        .string(5, "").string(6, "").varint(7, 0);
  }

  ProtoWriter string(int field, String value) {
    return write(() -> out.writeString(field, value));
  }

  ProtoWriter varint(int field, long value) {
    return write(() -> out.writeInt64(field, value));
  }

  ProtoWriter bool(int field, boolean value) {
    return write(() -> out.writeBool(field, value));
  }

  ProtoWriter bytes(int field, byte[] value) {
    return write(() -> out.writeByteArray(field, value));
  }

  ProtoWriter message(int field, ProtoWriter value) {
    return bytes(field, value.toByteArray());
  }

  /** A map entry {key = 1, value = 2}. */
  ProtoWriter entry(int field, String key, String value) {
    return message(field, message().string(1, key).string(2, value));
  }

  ProtoWriter entry(int field, String key, byte[] value) {
    return message(field, message().string(1, key).bytes(2, value));
  }

  ProtoWriter entry(int field, String key, ProtoWriter value) {
    return message(field, message().string(1, key).message(2, value));
  }

  byte[] toByteArray() {
    return write(out::flush).buffer.toByteArray();
  }

  private ProtoWriter write(IoAction action) {
    try {
      action.run();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }
}
