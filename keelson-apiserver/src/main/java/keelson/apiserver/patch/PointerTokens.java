package keelson.apiserver.patch;

import java.util.ArrayList;
import java.util.List;

/** Parses and prints JSON pointers (RFC 6901) as lists of unescaped reference tokens. */
final class PointerTokens {
  private PointerTokens() {}

  /** Returns the unescaped tokens of a pointer; the empty pointer addresses the whole document. */
  static List<String> parse(String pointer) {
    if (pointer.isEmpty()) {
      return List.of();
    }
    if (!pointer.startsWith("/")) {
      throw PatchException.badRequest("a JSON pointer must be empty or start with \"/\": " + pointer);
    }
    List<String> tokens = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      // ~1 before ~0, so that "~01" decodes to "~1" and not to "/".
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return List.copyOf(tokens);
  }

  /** Returns the pointer addressing the given tokens, escaping {@code ~} and {@code /}. */
  static String format(List<String> tokens) {
    StringBuilder pointer = new StringBuilder();
    for (String token : tokens) {
      pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  /**
   * Returns an array index token as an int below {@code limit}.
   *
   * @throws PatchException 422 for a token that is not a canonical index or is out of range
   */
  static int index(String token, int limit, List<String> path) {
    boolean canonical = token.matches("0|[1-9][0-9]{0,8}");
    int index = canonical ? Integer.parseInt(token) : -1;
    if (index < 0 || index >= limit) {
      throw PatchException.unprocessable(
          "\"" + format(path) + "\" does not address an element of the array");
    }
    return index;
  }
}
