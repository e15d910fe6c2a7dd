package keelson.apiserver.watch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.StoredJson;

/**
 * Reads what the watch cache needs from a stored object without building its tree: where its
 * {@code metadata} object opens, so that the resourceVersion can be written into the bytes as they
 * are ({@link #locate}), and, when a selector asks, a small tree holding only what label and field
 * selectors read ({@link #selectable}).
 *
 * <p>Storage keeps objects without a resourceVersion (it is the key's revision); every cached
 * object and every watch event carries it. Parsing each stored object into a tree only to set that
 * field and serialize it again was a tenth of the server's CPU per pod. {@link #locate} walks the
 * bytes itself and stops after the metadata: a tokenizer would read every name in the object,
 * managed fields included, whose keys name pod IPs and are new for almost every pod.
 *
 * <p>The small tree keeps: top-level scalars ({@code type}, {@code reason}); from {@code metadata}
 * its name, namespace and labels; from every other top-level object its scalar members ({@code
 * spec.nodeName}, {@code status.phase}, {@code involvedObject.name}, {@code source.component}); and
 * {@code status.podIPs}. That covers every field label kube-apiserver selects on
 * ({@code keelson.api.selectors.SelectableFields}); a test holds the two together.
 */
final class StoredObjectScan {
  private static final byte[] METADATA = "metadata".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESOURCE_VERSION = "resourceVersion".getBytes(StandardCharsets.US_ASCII);

  private StoredObjectScan() {}

  /**
   * Where a stored object's metadata is.
   *
   * @param metadataOpen the byte offset of the top-level metadata object's opening brace, or -1
   * @param metadataEmpty whether that object has no members
   * @param hasResourceVersion whether the stored metadata already names a resourceVersion
   */
  record Result(int metadataOpen, boolean metadataEmpty, boolean hasResourceVersion) {

    /** Whether the resourceVersion can be written into the stored bytes as they are. */
    boolean spliceable() {
      return metadataOpen >= 0 && !hasResourceVersion;
    }
  }

  /**
   * Finds the top-level metadata object of a stored object (a JSON object), reading its members'
   * names and skipping their values, and nothing after it.
   *
   * @throws IOException if the bytes end early or are not a JSON object
   */
  static Result locate(byte[] json) throws IOException {
    int i = expect(json, skipSpace(json, 0), '{');
    i = skipSpace(json, i);
    if (json[i] == '}') {
      return new Result(-1, true, false);
    }
    while (true) {
      int nameEnd = skipString(json, expectAt(json, i, '"'));
      boolean metadata = nameIs(json, i, nameEnd, METADATA);
      i = skipSpace(json, expect(json, skipSpace(json, nameEnd), ':'));
      if (metadata && json[i] == '{') {
        return metadataAt(json, i);
      }
      i = skipSpace(json, skipValue(json, i));
      if (json[i] == '}') {
        return new Result(-1, true, false);
      }
      i = skipSpace(json, expect(json, i, ','));
    }
  }

  /** Reads the members of the metadata object opening at {@code open}. */
  private static Result metadataAt(byte[] json, int open) throws IOException {
    int i = skipSpace(json, open + 1);
    if (json[i] == '}') {
      return new Result(open, true, false);
    }
    while (true) {
      int nameEnd = skipString(json, expectAt(json, i, '"'));
      if (nameIs(json, i, nameEnd, RESOURCE_VERSION)) {
        return new Result(open, false, true);
      }
      i = skipSpace(json, skipValue(json, skipSpace(json, expect(json, skipSpace(json, nameEnd), ':'))));
      if (json[i] == '}') {
        return new Result(open, false, false);
      }
      i = skipSpace(json, expect(json, i, ','));
    }
  }

  /** Whether the string token {@code [start, end)} is {@code "<name>"} (names stored unescaped). */
  private static boolean nameIs(byte[] json, int start, int end, byte[] name) {
    return end - start == name.length + 2
        && Arrays.equals(json, start + 1, end - 1, name, 0, name.length);
  }

  /** Returns the offset just past the value starting at {@code i}. */
  private static int skipValue(byte[] json, int i) throws IOException {
    byte first = at(json, i);
    if (first == '"') {
      return skipString(json, i);
    }
    if (first != '{' && first != '[') {
      while (i < json.length && json[i] != ',' && json[i] != '}' && json[i] != ']' && json[i] > ' ') {
        i++; // a number, true, false or null
      }
      return i;
    }
    int depth = 0;
    while (true) {
      byte b = at(json, i);
      if (b == '"') {
        i = skipString(json, i);
        continue;
      }
      if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        if (--depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
  }

  /** Returns the offset just past the string whose opening quote is at {@code i}. */
  private static int skipString(byte[] json, int i) throws IOException {
    i++;
    while (true) {
      byte b = at(json, i);
      if (b == '"') {
        return i + 1;
      }
      i += b == '\\' ? 2 : 1;
    }
  }

  private static int skipSpace(byte[] json, int i) throws IOException {
    while (at(json, i) == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t') {
      i++;
    }
    return i;
  }

  private static int expect(byte[] json, int i, char c) throws IOException {
    return expectAt(json, i, c) + 1;
  }

  private static int expectAt(byte[] json, int i, char c) throws IOException {
    if (at(json, i) != c) {
      throw new IOException("a stored object is not a JSON object: expected '" + c + "' at byte " + i);
    }
    return i;
  }

  private static byte at(byte[] json, int i) throws IOException {
    if (i >= json.length) {
      throw new IOException("a stored object ends early, at byte " + i);
    }
    return json[i];
  }

  /** Reads the parts of a stored object that selectors look at into a small tree. */
  static ObjectNode selectable(byte[] json) throws IOException {
    ObjectNode selectable = Json.object();
    boolean metadataSeen = false;
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("a stored object is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT && field.equals("metadata") && !metadataSeen) {
          metadataSeen = true;
          ObjectNode meta = selectable.putObject("metadata");
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken member = p.nextToken();
            if (name.equals("labels") && member == JsonToken.START_OBJECT) {
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
    return selectable;
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
