package keelson.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON patch (RFC 6902, {@code application/json-patch+json}): a list of {@code add}, {@code
 * remove}, {@code replace}, {@code move}, {@code copy} and {@code test} operations addressed by JSON
 * pointers (RFC 6901), applied in order and all or nothing.
 */
public final class JsonPatch {
  private JsonPatch() {}

  /**
   * Returns {@code original} with every operation of {@code patch} applied. Neither argument is
   * modified.
   *
   * @throws PatchException 400 if the patch is not a list of well-formed operations, 422 if an
   *     operation does not fit the document (missing path, failed test)
   */
  public static JsonNode apply(JsonNode original, JsonNode patch) {
    if (!patch.isArray()) {
      throw PatchException.badRequest("a JSON patch must be a JSON array of operations");
    }
    return applyTo(original.deepCopy(), patch);
  }

  /**
   * As {@link #apply}, applying the operations to {@code document} itself rather than to a copy:
   * for a caller that owns it, which may be changed (even by a patch that fails) and should not be
   * used afterwards. The result shares no node with {@code patch}.
   */
  public static JsonNode applyTo(JsonNode document, JsonNode patch) {
    if (!patch.isArray()) {
      throw PatchException.badRequest("a JSON patch must be a JSON array of operations");
    }
    for (JsonNode operation : patch) {
      document = applyOne(document, operation);
    }
    return document;
  }

  private static JsonNode applyOne(JsonNode document, JsonNode operation) {
    if (!operation.isObject()) {
      throw PatchException.badRequest("a JSON patch operation must be an object: " + operation);
    }
    String op = requiredText(operation, "op");
    List<String> path = PointerTokens.parse(requiredText(operation, "path"));
    return switch (op) {
      case "add" -> add(document, path, requiredValue(operation).deepCopy());
      case "remove" -> {
        if (path.isEmpty()) {
          throw PatchException.unprocessable("a JSON patch cannot remove the whole document");
        }
        remove(document, path);
        yield document;
      }
      case "replace" -> {
        JsonNode value = requiredValue(operation).deepCopy();
        get(document, path);
        if (path.isEmpty()) {
          yield value;
        }
        remove(document, path);
        yield add(document, path, value);
      }
      case "move" -> {
        String fromText = requiredText(operation, "from");
        List<String> from = PointerTokens.parse(fromText);
        if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
          throw PatchException.unprocessable(
              "cannot move \"" + fromText + "\" into its own child \"" + operation.get("path").asText() + "\"");
        }
        JsonNode value = get(document, from);
        if (from.equals(path)) {
          yield document;
        }
        remove(document, from);
        yield add(document, path, value);
      }
      case "copy" ->
          add(document, path, get(document, PointerTokens.parse(requiredText(operation, "from"))).deepCopy());
      case "test" -> {
        JsonNode actual = get(document, path);
        if (!JsonValues.equal(actual, requiredValue(operation))) {
          throw PatchException.unprocessable(
              "test failed: the value at \"" + operation.get("path").asText() + "\" is " + actual
                  + ", not " + operation.get("value"));
        }
        yield document;
      }
      default -> throw PatchException.badRequest("unknown JSON patch operation \"" + op + "\"");
    };
  }

  private static JsonNode add(JsonNode document, List<String> path, JsonNode value) {
    if (path.isEmpty()) {
      return value;
    }
    JsonNode parent = get(document, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      int index = last.equals("-") ? array.size() : PointerTokens.index(last, array.size() + 1, path);
      array.insert(index, value);
    } else {
      throw missing(path);
    }
    return document;
  }

  private static void remove(JsonNode document, List<String> path) {
    if (path.isEmpty()) {
      return;
    }
    JsonNode parent = get(document, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode object && object.has(last)) {
      object.remove(last);
    } else if (parent instanceof ArrayNode array) {
      array.remove(PointerTokens.index(last, array.size(), path));
    } else {
      throw missing(path);
    }
  }

  private static JsonNode get(JsonNode document, List<String> path) {
    JsonNode node = document;
    List<String> walked = new ArrayList<>();
    for (String token : path) {
      walked.add(token);
      if (node != null && node.isArray()) {
        node = node.get(PointerTokens.index(token, node.size(), walked));
      } else if (node != null && node.isObject()) {
        node = node.get(token);
      } else {
        node = null;
      }
      if (node == null) {
        throw missing(walked);
      }
    }
    return node;
  }

  private static PatchException missing(List<String> path) {
    return PatchException.unprocessable(
        "the document has no value at \"" + PointerTokens.format(path) + "\"");
  }

  private static String requiredText(JsonNode operation, String field) {
    JsonNode value = operation.get(field);
    if (value == null || !value.isTextual()) {
      throw PatchException.badRequest(
          "JSON patch operation " + operation + " lacks the string field \"" + field + "\"");
    }
    return value.asText();
  }

  private static JsonNode requiredValue(JsonNode operation) {
    JsonNode value = operation.get("value");
    if (value == null) {
      throw PatchException.badRequest("JSON patch operation " + operation + " lacks \"value\"");
    }
    return value;
  }
}
