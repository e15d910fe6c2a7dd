package keelson.controllers.runtime;

/**
 * Cuts {@code object.metadata.managedFields} out of a watch event's JSON text before it is decoded.
 *
 * <p>The components' informers drop managedFields from every object they cache
 * ({@link ManagedFieldsTrimmingStore}), yet decoding them was a third of each event's bytes and
 * worse: their keys ({@code k:{"ip":"10.244.3.7"}}) are new names for every pod, and each new name
 * makes Jackson copy its whole shared symbol table (a tenth of all the server's allocation in the
 * pods benchmark). Reading past them here costs one pass over their characters.
 *
 * <p>The scan only walks the event's structure (strings with their escapes, nested brackets); input
 * it does not understand is returned unchanged, and the decoder then reports whatever is wrong
 * with it, as before.
 */
final class WatchEventText {
  private static final String MANAGED_FIELDS = "managedFields";

  private WatchEventText() {}

  /** Returns {@code event} without its object's managedFields member, or unchanged if it has none. */
  static String withoutManagedFields(String event) {
    int[] cut = managedFieldsCut(event);
    return cut == null ? event : new String(without(event, cut));
  }

  /**
   * Returns the characters of {@code event} without its object's managedFields member: one copy,
   * ready for a parser, where cutting a string would copy the text three times.
   */
  static char[] withoutManagedFieldsChars(String event) {
    int[] cut = managedFieldsCut(event);
    return cut == null ? event.toCharArray() : without(event, cut);
  }

  private static char[] without(String text, int[] cut) {
    char[] out = new char[text.length() - (cut[1] - cut[0])];
    text.getChars(0, cut[0], out, 0);
    text.getChars(cut[1], text.length(), out, cut[0]);
    return out;
  }

  /** Returns the range {@code [from, to)} of the text that holds the managedFields member, or null. */
  private static int[] managedFieldsCut(String event) {
    try {
      int object = memberValue(event, skipSpace(event, 0), "object");
      if (object < 0 || event.charAt(object) != '{') {
        return null;
      }
      int metadata = memberValue(event, object, "metadata");
      if (metadata < 0 || event.charAt(metadata) != '{') {
        return null;
      }
      return memberCut(event, metadata, MANAGED_FIELDS);
    } catch (IndexOutOfBoundsException e) {
      return null; // truncated input: the decoder says what is wrong with it
    }
  }

  /**
   * Returns where the value of member {@code name} of the object opening at {@code open} starts, or
   * -1 when the object has no such member (or is not one).
   */
  private static int memberValue(String text, int open, String name) {
    int[] member = findMember(text, open, name);
    return member == null ? -1 : member[1];
  }

  /**
   * Returns the range of {@code text} to cut to remove member {@code name} of the object opening at
   * {@code open} (with the comma that separates it), or null when there is no such member.
   */
  private static int[] memberCut(String text, int open, String name) {
    int[] member = findMember(text, open, name);
    if (member == null) {
      return null;
    }
    int keyStart = member[0];
    int valueEnd = skipValue(text, member[1]);
    if (valueEnd < 0) {
      return null;
    }
    int after = skipSpace(text, valueEnd);
    if (text.charAt(after) == ',') {
      // A member follows: the cut takes this member's comma with it.
      return new int[] {keyStart, skipSpace(text, after + 1)};
    }
    // The last member: the comma before it goes, if there is one.
    int before = keyStart - 1;
    while (before > open && Character.isWhitespace(text.charAt(before))) {
      before--;
    }
    return new int[] {text.charAt(before) == ',' ? before : keyStart, after};
  }

  /**
   * Finds member {@code name} of the object opening at {@code open}: returns the index of its key's
   * opening quote and of its value's first character, or null.
   */
  private static int[] findMember(String text, int open, String name) {
    if (text.charAt(open) != '{') {
      return null;
    }
    int at = skipSpace(text, open + 1);
    if (text.charAt(at) == '}') {
      return null;
    }
    while (true) {
      if (text.charAt(at) != '"') {
        return null;
      }
      int keyStart = at;
      int keyEnd = skipString(text, at);
      if (keyEnd < 0) {
        return null;
      }
      at = skipSpace(text, keyEnd);
      if (text.charAt(at) != ':') {
        return null;
      }
      int value = skipSpace(text, at + 1);
      // Keys with escapes never equal the plain names looked for here.
      if (keyEnd - keyStart - 2 == name.length() && text.startsWith(name, keyStart + 1)) {
        return new int[] {keyStart, value};
      }
      int valueEnd = skipValue(text, value);
      if (valueEnd < 0) {
        return null;
      }
      at = skipSpace(text, valueEnd);
      if (text.charAt(at) != ',') {
        return null; // the object's end, or something that is not JSON
      }
      at = skipSpace(text, at + 1);
    }
  }

  /** Returns the index just past the value starting at {@code at}, or -1 if it is malformed. */
  private static int skipValue(String text, int at) {
    char first = text.charAt(at);
    if (first == '"') {
      return skipString(text, at);
    }
    if (first == '{' || first == '[') {
      int depth = 0;
      for (int i = at; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"') {
          i = skipString(text, i) - 1;
          if (i < 0) {
            return -1;
          }
        } else if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
          if (depth == 0) {
            return i + 1;
          }
        }
      }
      return -1;
    }
    // A number or a literal: up to the next delimiter.
    int i = at;
    while (i < text.length() && ",}] \t\r\n".indexOf(text.charAt(i)) < 0) {
      i++;
    }
    return i == at ? -1 : i;
  }

  /** Returns the index just past the string whose opening quote is at {@code at}, or -1. */
  private static int skipString(String text, int at) {
    for (int i = at + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return -1;
  }

  private static int skipSpace(String text, int at) {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    return at;
  }
}
