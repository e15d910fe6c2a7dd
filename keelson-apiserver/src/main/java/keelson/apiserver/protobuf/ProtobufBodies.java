package keelson.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Decodes Kubernetes protobuf request bodies into the JSON object trees the rest of Keelson works
 * on. kubectl's typed clients send {@code create}, {@code run}, {@code expose}, evictions and
 * more as protobuf and do not fall back to JSON, so these bodies must be understood; responses
 * stay JSON, which those clients also accept.
 */
public final class ProtobufBodies {
  /** The media type of these bodies; a Content-Type containing "protobuf" names it. */
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private ProtobufBodies() {}

  /**
   * Decodes a whole protobuf request body (magic prefix, runtime.Unknown envelope and object)
   * into the object kube-apiserver would have read from the equivalent JSON, with its
   * {@code apiVersion} and {@code kind} set.
   *
   * @throws IllegalArgumentException if the body is not a Kubernetes protobuf object of a kind
   *     Keelson serves; the message is fit for a 400 answer
   */
  public static ObjectNode decode(byte[] body) {
    try {
      Envelope envelope = Envelope.read(body);
      if (!envelope.contentEncoding().isEmpty()) {
        throw new IllegalArgumentException("the protobuf body has content encoding "
            + envelope.contentEncoding() + ", which is not supported");
      }
      if (!envelope.contentType().isEmpty() && !envelope.contentType().contains("protobuf")) {
        throw new IllegalArgumentException("the protobuf body wraps content of type "
            + envelope.contentType() + ", which is not supported");
      }
      if (envelope.apiVersion().isEmpty() || envelope.kind().isEmpty()) {
        throw new IllegalArgumentException(
            "Object 'Kind' is missing in the protobuf body (its apiVersion or kind is empty)");
      }
      WireTable table = WireTable.standard();
      MessageType type = table.forKind(envelope.apiVersion(), envelope.kind());
      if (type == null) {
        throw new IllegalArgumentException("no protobuf decoding for kind " + envelope.kind()
            + " of " + envelope.apiVersion() + "; send it as application/json");
      }
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      object.put("apiVersion", envelope.apiVersion());
      object.put("kind", envelope.kind());
      object.setAll(new MessageDecoder(table).decode(type, envelope.raw()));
      return object;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("the protobuf body is malformed: " + e.getMessage(), e);
    } catch (IOException e) {
      // Only in-memory buffers are read; any other I/O failure is a bug, not a bad body.
      throw new UncheckedIOException(e);
    }
  }
}
