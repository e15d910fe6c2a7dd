package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders bad values the way kube-apiserver 1.30–1.32 prints them in field errors: Go's {@code %q}
 * for strings, bare integers, and Go syntax ({@code %#v}) for maps, slices and structs. (1.34
 * switched to JSON-like rendering; this class deliberately keeps the older form.)
 */
public final class GoValues {
  private GoValues() {}

  /** Returns {@code s} quoted and escaped as Go's {@code %q} does. */
  public static String string(String s) {
    if (s == null) {
      return "\"\"";
    }
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case 7 -> out.append("\\a");
        case 8 -> out.append("\\b");
        case 12 -> out.append("\\f");
        case 11 -> out.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\x%02x", cp));
          } else if (!isPrintable(cp)) {
            out.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  private static boolean isPrintable(int cp) {
    int type = Character.getType(cp);
    return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
        && type != Character.SURROGATE && type != Character.PRIVATE_USE
        && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
        && !(type == Character.SPACE_SEPARATOR && cp != ' ');
  }

  /** Returns a JSON object of strings as {@code map[string]string{"k":"v", …}}, keys sorted. */
  public static String stringMap(JsonNode map) {
    if (map == null || map.isNull() || map.isMissingNode()) {
      return "map[string]string(nil)";
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      sorted.put(e.getKey(), e.getValue().asText());
    }
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(string(k) + ":" + string(v)));
    return "map[string]string{" + String.join(", ", parts) + "}";
  }

  /** Returns a JSON array of strings as {@code []string{"a", "b"}}. */
  public static String stringSlice(JsonNode list) {
    if (list == null || list.isNull() || list.isMissingNode()) {
      return "[]string(nil)";
    }
    List<String> parts = new ArrayList<>();
    list.forEach(item -> parts.add(string(item.asText())));
    return "[]string{" + String.join(", ", parts) + "}";
  }

  /** Returns a Java list of strings as {@code []string{"a", "b"}}. */
  public static String stringSlice(List<String> list) {
    if (list == null) {
      return "[]string(nil)";
    }
    List<String> parts = new ArrayList<>();
    list.forEach(item -> parts.add(string(item)));
    return "[]string{" + String.join(", ", parts) + "}";
  }

  /** Returns an int-or-string value as Go prints the struct: {@code intstr.IntOrString{…}}. */
  public static String intOrString(JsonNode value) {
    if (value != null && value.isTextual()) {
      return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + string(value.asText()) + "}";
    }
    long n = value == null || value.isNull() || value.isMissingNode() ? 0 : value.asLong();
    return "intstr.IntOrString{Type:0, IntVal:" + n + ", StrVal:\"\"}";
  }

  /** Returns a label selector as Go prints the dereferenced struct: {@code v1.LabelSelector{…}}. */
  public static String labelSelector(JsonNode selector) {
    JsonNode labels = selector == null ? null : selector.get("matchLabels");
    JsonNode exprs = selector == null ? null : selector.get("matchExpressions");
    StringBuilder out = new StringBuilder("v1.LabelSelector{MatchLabels:").append(stringMap(labels));
    out.append(", MatchExpressions:");
    if (exprs == null || exprs.isNull()) {
      out.append("[]v1.LabelSelectorRequirement(nil)");
    } else {
      List<String> parts = new ArrayList<>();
      for (JsonNode e : exprs) {
        parts.add("v1.LabelSelectorRequirement{Key:" + string(e.path("key").asText())
            + ", Operator:" + string(e.path("operator").asText())
            + ", Values:" + stringSlice(e.get("values")) + "}");
      }
      out.append("[]v1.LabelSelectorRequirement{").append(String.join(", ", parts)).append('}');
    }
    return out.append('}').toString();
  }

  /** Returns a pointer-typed Go struct field's rendering: {@code (*T)(nil)} or an opaque address. */
  public static String pointer(String goType, JsonNode value) {
    // Go prints a non-nil pointer inside %#v as its address, which no client can rely on; any
    // stable placeholder is as good as the real one.
    return value == null || value.isNull() || value.isMissingNode()
        ? "(*" + goType + ")(nil)"
        : "(*" + goType + ")(0xc000000000)";
  }
}
