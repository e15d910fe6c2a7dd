package keelson.controllers.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes JSON trees byte for byte as Go's {@code encoding/json} writes a decoded
 * {@code map[string]interface{}}: compact, object keys sorted, {@code <}, {@code >}, {@code &},
 * U+2028 and U+2029 escaped, numbers printed as float64 values print. Revision hashes are taken
 * over these bytes, so they match the hashes kube-controller-manager computes.
 */
public final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

  /** Returns the Go encoding of a tree. */
  public static String encode(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          keys.add(it.next());
        }
        // Go sorts map keys by their bytes; for UTF-16 strings outside the BMP this differs only in
        // exotic keys, which Kubernetes field names never are.
        keys.sort(null);
        out.append('{');
        boolean first = true;
        for (String key : keys) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(key, out);
          out.append(':');
          write(node.get(key), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out);
      case NUMBER -> number(node, out);
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL, MISSING -> out.append("null");
      default -> string(node.asText(), out);
    }
  }

  /** Numbers go through float64 in Go: integers print plainly below 1e21, others in shortest form. */
  private static void number(JsonNode node, StringBuilder out) {
    if (node.isIntegralNumber() && node.canConvertToLong() && Math.abs(node.longValue()) < (1L << 53)) {
      out.append(node.longValue());
      return;
    }
    double value = node.doubleValue();
    double abs = Math.abs(value);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      // Go: strconv 'e' format with at least two exponent digits, e.g. 1e+21, 1.5e-07.
      String text = Double.toString(value).replace("E", "e");
      int e = text.indexOf('e');
      String mantissa = text.substring(0, e);
      if (mantissa.endsWith(".0")) {
        mantissa = mantissa.substring(0, mantissa.length() - 2);
      }
      int exponent = Integer.parseInt(text.substring(e + 1));
      out.append(mantissa).append('e').append(exponent < 0 ? '-' : '+');
      int absExp = Math.abs(exponent);
      if (absExp < 10) {
        out.append('0');
      }
      out.append(absExp);
      return;
    }
    out.append(new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString());
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append("\\u00").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            if (c >= 0x100) {
              out.setLength(out.length() - 6);
              out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                  .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
