package keelson.api.selectors;

import java.util.List;

/** Renders values the way Go's {@code %q} and {@code %#v} verbs do, so error messages read like kube-apiserver's. */
final class GoText {
  private GoText() {}

  /** Returns {@code s} as a Go double-quoted string literal. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\x%02x", cp));
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** Returns a string slice as Go's {@code %#v} prints it; null stands for a nil slice. */
  static String stringSlice(List<String> values) {
    if (values == null) {
      return "[]string(nil)";
    }
    StringBuilder out = new StringBuilder("[]string{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(quote(values.get(i)));
    }
    return out.append('}').toString();
  }
}
