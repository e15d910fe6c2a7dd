package keelson.apiserver.watch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.StoredJson;

/**
 * Reads what the watch cache needs from a stored object in one streaming pass, without building
 * its tree: where its {@code metadata} object opens, so that the resourceVersion can be written
 * into the bytes as they are, and a small tree holding only what label and field selectors read.
 *
 * <p>Storage keeps objects without a resourceVersion (it is the key's revision); every cached
 * object and every watch event carries it. Parsing each stored object into a tree only to set that
 * field and serialize it again was a tenth of the server's CPU per pod.
 *
 * <p>The small tree keeps: top-level scalars ({@code type}, {@code reason}); from {@code metadata}
 * its name, namespace and labels; from every other top-level object its scalar members ({@code
 * spec.nodeName}, {@code status.phase}, {@code involvedObject.name}, {@code source.component}); and
 * {@code status.podIPs}. That covers every field label kube-apiserver selects on
 * ({@code keelson.api.selectors.SelectableFields}); a test holds the two together.
 */
final class StoredObjectScan {
  private StoredObjectScan() {}

  /**
   * What one pass found.
   *
   * @param metadataOpen the byte offset of the top-level metadata object's opening brace, or -1
   * @param metadataEmpty whether that object has no members
   * @param hasResourceVersion whether the stored metadata already names a resourceVersion
   * @param selectable the parts of the object selectors read
   */
  record Result(int metadataOpen, boolean metadataEmpty, boolean hasResourceVersion, ObjectNode selectable) {

    /** Whether the resourceVersion can be written into the stored bytes as they are. */
    boolean spliceable() {
      return metadataOpen >= 0 && !hasResourceVersion;
    }
  }

  /** Scans a stored object (a JSON object). */
  static Result scan(byte[] json) throws IOException {
    ObjectNode selectable = Json.object();
    int metadataOpen = -1;
    boolean metadataEmpty = true;
    boolean hasResourceVersion = false;
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("a stored object is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT && field.equals("metadata") && metadataOpen < 0) {
          metadataOpen = (int) p.currentTokenLocation().getByteOffset();
          ObjectNode meta = selectable.putObject("metadata");
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            metadataEmpty = false;
            String name = p.currentName();
            JsonToken member = p.nextToken();
            if (name.equals("resourceVersion")) {
              hasResourceVersion = true;
              p.skipChildren();
            } else if (name.equals("labels") && member == JsonToken.START_OBJECT) {
              meta.set("labels", scalarMembers(p));
            } else if ((name.equals("name") || name.equals("namespace")) && member.isScalarValue()) {
              meta.set(name, scalar(p, member));
            } else {
              p.skipChildren();
            }
          }
        } else if (value == JsonToken.START_OBJECT) {
          ObjectNode kept = selectable.putObject(field);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken member = p.nextToken();
            if (member.isScalarValue()) {
              kept.set(name, scalar(p, member));
            } else if (member == JsonToken.START_ARRAY && field.equals("status") && name.equals("podIPs")) {
              ArrayNode ips = kept.putArray(name);
              for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                if (item == JsonToken.START_OBJECT) {
                  ips.add(scalarMembers(p));
                } else if (item.isScalarValue()) {
                  ips.add(scalar(p, item));
                } else {
                  p.skipChildren();
                  ips.addArray(); // keeps the positions: the first entry is what selectors read
                }
              }
            } else {
              p.skipChildren();
            }
          }
        } else if (value.isScalarValue()) {
          selectable.set(field, scalar(p, value));
        } else {
          p.skipChildren();
        }
      }
    }
    return new Result(metadataOpen, metadataEmpty, hasResourceVersion, selectable);
  }

  /** Reads an object's scalar members (at the object's START_OBJECT), skipping nested values. */
  private static ObjectNode scalarMembers(JsonParser p) throws IOException {
    ObjectNode node = Json.object();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken member = p.nextToken();
      if (member.isScalarValue()) {
        node.set(name, scalar(p, member));
      } else {
        p.skipChildren();
      }
    }
    return node;
  }

  /** The current scalar token as a node, without going through a deserialization context. */
  private static JsonNode scalar(JsonParser p, JsonToken token) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (token) {
      case VALUE_STRING -> nodes.textNode(p.getText());
      case VALUE_TRUE -> nodes.booleanNode(true);
      case VALUE_FALSE -> nodes.booleanNode(false);
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> nodes.numberNode(p.getIntValue());
        case LONG -> nodes.numberNode(p.getLongValue());
        default -> nodes.numberNode(p.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
      default -> nodes.nullNode();
    };
  }

  /** Returns the stored bytes with {@code "resourceVersion":"<revision>"} first in their metadata. */
  static byte[] withResourceVersion(byte[] json, Result scan, long revision) {
    return new StoredJson(json, scan.metadataOpen(), scan.metadataEmpty()).withResourceVersion(revision);
  }
}
