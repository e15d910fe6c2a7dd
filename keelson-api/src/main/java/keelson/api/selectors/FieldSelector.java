package keelson.api.selectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keelson.api.registry.ResourceType;

/**
 * A parsed field selector ({@code metadata.name=web-0,status.phase!=Running}): every term must hold.
 *
 * <p>Parsing follows apimachinery's {@code fields.ParseSelector} (terms split on unescaped commas and
 * sorted; operators {@code =}, {@code ==}, {@code !=}; values unescaped with {@code \\}, {@code \,},
 * {@code \=}) and then the kind's field-label conversion, so the errors are kube-apiserver's.
 */
public final class FieldSelector {

  private final List<FieldRequirement> requirements;
  private final SelectableFields fields;
  private final boolean namespaced;

  private FieldSelector(List<FieldRequirement> requirements, SelectableFields fields, boolean namespaced) {
    this.requirements = List.copyOf(requirements);
    this.fields = fields;
    this.namespaced = namespaced;
  }

  /**
   * Parses a field selector for a kind. Null or empty text gives the selector that matches everything.
   *
   * @throws SelectorException if it does not parse, or names a field the kind does not support
   */
  public static FieldSelector parse(ResourceType type, String text) {
    SelectableFields fields = SelectableFields.of(type);
    List<FieldRequirement> parsed = new ArrayList<>();
    String selector = text == null ? "" : text;
    List<String> terms = splitTerms(selector);
    terms.sort(null);
    for (String term : terms) {
      if (term.isEmpty()) {
        continue;
      }
      parsed.add(parseTerm(selector, term));
    }
    // Unsupported labels are reported only after the whole text parsed, as upstream converts afterwards.
    List<FieldRequirement> converted = new ArrayList<>(parsed.size());
    for (FieldRequirement requirement : parsed) {
      converted.add(new FieldRequirement(fields.convert(requirement.field()), requirement.negated(),
          requirement.value()));
    }
    return new FieldSelector(converted, fields, type.namespaced());
  }

  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    if (selector.isEmpty()) {
      return terms;
    }
    int start = 0;
    boolean escaped = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  private static FieldRequirement parseTerm(String selector, String term) {
    for (int i = 0; i < term.length(); i++) {
      // At each position the two-character operators win over "=".
      for (String operator : List.of("!=", "==", "=")) {
        if (term.startsWith(operator, i)) {
          String value = unescape(term.substring(i + operator.length()));
          return new FieldRequirement(term.substring(0, i), operator.equals("!="), value);
        }
      }
    }
    throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
  }

  private static String unescape(String value) {
    if (value.indexOf('\\') < 0 && value.indexOf(',') < 0 && value.indexOf('=') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    boolean escaped = false;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (escaped) {
        if (cp != '\\' && cp != ',' && cp != '=') {
          throw new SelectorException("invalid field selector: invalid escape sequence: \\" + Character.toString(cp));
        }
        out.appendCodePoint(cp);
        escaped = false;
      } else if (cp == '\\') {
        escaped = true;
      } else if (cp == ',' || cp == '=') {
        // Go prints the offending rune with %v, which is its code point number.
        throw new SelectorException("invalid field selector: unescaped character in value: " + cp);
      } else {
        out.appendCodePoint(cp);
      }
    }
    if (escaped) {
      throw new SelectorException("invalid field selector: invalid escape sequence: \\");
    }
    return out.toString();
  }

  /** Returns {@code value} with {@code \}, {@code ,} and {@code =} escaped for use in a selector. */
  public static String escapeValue(String value) {
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }

  /** Returns the terms, in the sorted order they are evaluated in. */
  public List<FieldRequirement> requirements() {
    return requirements;
  }

  /** Returns whether the selector has no terms (matches everything). */
  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** Returns whether the object satisfies every requirement; a field the object lacks has the value "". */
  public boolean matches(JsonNode obj) {
    return requirements.isEmpty()
        || matches(new SelectorAttributes(Map.of(), fields.valuesOf(obj, namespaced)));
  }

  /** Returns whether an object with these attributes satisfies every requirement. */
  public boolean matches(SelectorAttributes attributes) {
    for (FieldRequirement requirement : requirements) {
      if (!requirement.matches(attributes.field(requirement.field()))) {
        return false;
      }
    }
    return true;
  }

  /** Returns the value the selector requires for {@code field} with {@code =} or {@code ==}, or null. */
  public String requiredValue(String field) {
    for (FieldRequirement requirement : requirements) {
      if (!requirement.negated() && requirement.field().equals(field)) {
        return requirement.value();
      }
    }
    return null;
  }

  /** Returns the selector in query-string form, terms comma-joined with values escaped. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>(requirements.size());
    for (FieldRequirement requirement : requirements) {
      parts.add(requirement.toString());
    }
    return String.join(",", parts);
  }
}
