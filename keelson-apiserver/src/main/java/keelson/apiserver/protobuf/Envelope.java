package keelson.apiserver.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;

/**
 * The runtime.Unknown wrapper every Kubernetes protobuf body travels in, after the 4-byte magic
 * {@code k8s\0}: the object's apiVersion and kind, and the object's own message bytes.
 *
 * @param apiVersion typeMeta.apiVersion, such as {@code v1} or {@code apps/v1}
 * @param kind typeMeta.kind, such as {@code ConfigMap}
 * @param raw the object's message, without its type (which lives here instead)
 * @param contentEncoding how raw is compressed; Kubernetes clients leave it empty
 * @param contentType the media type of raw; empty means protobuf
 */
record Envelope(String apiVersion, String kind, byte[] raw, String contentEncoding,
    String contentType) {

  private static final byte[] MAGIC = {'k', '8', 's', 0};

  /** Whether the bytes begin with the magic prefix of a Kubernetes protobuf message. */
  static boolean hasMagic(byte[] bytes) {
    return bytes.length >= MAGIC.length
        && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** Reads the envelope of a body; throws IllegalArgumentException if it is not one. */
  static Envelope read(byte[] body) throws IOException {
    if (!hasMagic(body)) {
      throw new IllegalArgumentException(
          "the protobuf body does not begin with the Kubernetes prefix k8s\\0");
    }
    CodedInputStream in = CodedInputStream.newInstance(body, MAGIC.length,
        body.length - MAGIC.length);
    String apiVersion = "";
    String kind = "";
    byte[] raw = new byte[0];
    String contentEncoding = "";
    String contentType = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          CodedInputStream typeMeta = CodedInputStream.newInstance(in.readByteArray());
          for (int t = typeMeta.readTag(); t != 0; t = typeMeta.readTag()) {
            switch (t) {
              case 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                  apiVersion = typeMeta.readString();
              case 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> kind = typeMeta.readString();
              default -> typeMeta.skipField(t);
            }
          }
        }
        case 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> raw = in.readByteArray();
        case 3 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> contentEncoding = in.readString();
        case 4 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> contentType = in.readString();
        default -> in.skipField(tag);
      }
    }
    return new Envelope(apiVersion, kind, raw, contentEncoding, contentType);
  }
}
