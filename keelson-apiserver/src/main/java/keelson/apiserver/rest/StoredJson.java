package keelson.apiserver.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * An object serialized as storage keeps it (without a resourceVersion), together with where its
 * top-level {@code metadata} object opens, so that the same bytes with the version written in can
 * answer a request or feed a watch without serializing the object again.
 *
 * @param bytes the serialized object; never to be modified
 * @param metadataOpen the byte offset of the metadata object's opening brace, or -1 when it has none
 * @param metadataEmpty whether the metadata object has no members
 */
public record StoredJson(byte[] bytes, int metadataOpen, boolean metadataEmpty) {

  /** Serializes an object: the same compact JSON as {@link Json#bytes}, noting where metadata opens. */
  public static StoredJson of(ObjectNode object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    int metadataOpen = -1;
    boolean metadataEmpty = true;
    try (JsonGenerator gen = Json.MAPPER.createGenerator(out)) {
      gen.writeStartObject();
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        gen.writeFieldName(field.getKey());
        if (metadataOpen < 0 && field.getKey().equals("metadata") && field.getValue().isObject()) {
          gen.writeStartObject();
          gen.flush();
          metadataOpen = out.size() - 1;
          metadataEmpty = field.getValue().isEmpty();
          for (Iterator<Map.Entry<String, JsonNode>> m = field.getValue().fields(); m.hasNext(); ) {
            Map.Entry<String, JsonNode> member = m.next();
            gen.writeFieldName(member.getKey());
            Json.write(gen, member.getValue());
          }
          gen.writeEndObject();
        } else {
          Json.write(gen, field.getValue());
        }
      }
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new StoredJson(out.toByteArray(), metadataOpen, metadataEmpty);
  }

  /** Whether the version can be written into these bytes (they have a top-level metadata object). */
  public boolean spliceable() {
    return metadataOpen >= 0;
  }

  /** Returns the bytes with {@code "resourceVersion":"<revision>"} first in their metadata. */
  public byte[] withResourceVersion(long revision) {
    byte[] field = ("\"resourceVersion\":\"" + revision + "\"" + (metadataEmpty ? "" : ","))
        .getBytes(StandardCharsets.UTF_8);
    int at = metadataOpen + 1;
    byte[] out = new byte[bytes.length + field.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(field, 0, out, at, field.length);
    System.arraycopy(bytes, at, out, at + field.length, bytes.length - at);
    return out;
  }
}
