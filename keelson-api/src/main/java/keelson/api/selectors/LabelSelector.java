package keelson.api.selectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed label selector: all requirements must hold.
 *
 * <p>Three shapes exist, as in apimachinery: an empty selector matches everything; a <em>nothing</em>
 * selector (what a null metav1.LabelSelector converts to, see {@link #nothing()}) matches no object;
 * otherwise every requirement must hold. Requirements are kept sorted by key, which is the order
 * {@link #toString()} renders them in.
 */
public final class LabelSelector {

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
  private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

  private final List<LabelRequirement> requirements;
  private final boolean nothing;

  private LabelSelector(List<LabelRequirement> requirements, boolean nothing) {
    List<LabelRequirement> sorted = new ArrayList<>(requirements);
    // Stable, so requirements on the same key keep their input order as Go's sort usually does.
    sorted.sort(Comparator.comparing(LabelRequirement::key));
    this.requirements = List.copyOf(sorted);
    this.nothing = nothing;
  }

  /** Returns the selector that matches every object (what an empty query parameter means). */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /** Returns the selector that matches no object (what a null metav1.LabelSelector means). */
  public static LabelSelector nothing() {
    return NOTHING;
  }

  /**
   * Parses the query-string form, for example {@code app=web,tier notin (db),!legacy}.
   *
   * @throws SelectorException with kube-apiserver's words if the text does not parse or a key or
   *     value is malformed; the API server answers 400 BadRequest with that message
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isEmpty()) {
      return EVERYTHING;
    }
    return new LabelSelector(LabelSelectorParser.parse(text), false);
  }

  /**
   * Converts a metav1.LabelSelector object ({@code matchLabels}, {@code matchExpressions}) as
   * {@code metav1.LabelSelectorAsSelector} does: a missing or JSON-null selector matches nothing, an
   * empty one ({@code {}}) matches everything.
   *
   * @throws SelectorException if an operator is unknown or a key or value is malformed
   */
  public static LabelSelector fromJson(JsonNode selector) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) {
      return NOTHING;
    }
    List<LabelRequirement> requirements = new ArrayList<>();
    JsonNode matchLabels = selector.path("matchLabels");
    for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      requirements.add(requirement(label.getKey(), LabelOperator.EQUALS, List.of(label.getValue().asText()),
          false));
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String operatorName = expression.path("operator").asText();
      LabelOperator operator = switch (operatorName) {
        case "In" -> LabelOperator.IN;
        case "NotIn" -> LabelOperator.NOT_IN;
        case "Exists" -> LabelOperator.EXISTS;
        case "DoesNotExist" -> LabelOperator.DOES_NOT_EXIST;
        default -> throw new SelectorException(GoText.quote(operatorName) + " is not a valid label selector operator");
      };
      JsonNode valuesNode = expression.path("values");
      List<String> values = null;
      if (valuesNode.isArray() && !valuesNode.isEmpty()) {
        values = new ArrayList<>();
        for (JsonNode value : valuesNode) {
          values.add(value.asText());
        }
      }
      requirements.add(requirement(expression.path("key").asText(), operator, values, false));
    }
    return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements, false);
  }

  /**
   * Builds a requirement after the checks of apimachinery's {@code NewRequirement}.
   *
   * @param values the values, or null for none (Go's nil slice, which error texts show)
   * @param keyChecked whether the caller has already checked the key
   */
  static LabelRequirement requirement(String key, LabelOperator operator, List<String> values,
      boolean keyChecked) {
    List<String> have = values == null ? List.of() : values;
    Set<String> errors = new LinkedHashSet<>();
    List<String> keyProblems = keyChecked ? List.of() : LabelSyntax.keyProblems(key);
    if (!keyProblems.isEmpty()) {
      errors.add(LabelSyntax.invalid("key", key, keyProblems));
    }
    String slice = GoText.stringSlice(values);
    switch (operator) {
      case IN, NOT_IN -> {
        if (have.isEmpty()) {
          errors.add("values: Invalid value: " + slice + ": for 'in', 'notin' operators, values set can't be empty");
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (have.size() != 1) {
          errors.add("values: Invalid value: " + slice + ": exact-match compatibility requires one single value");
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!have.isEmpty()) {
          errors.add("values: Invalid value: " + slice
              + ": values set must be empty for exists and does not exist");
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (have.size() != 1) {
          errors.add("values: Invalid value: " + slice + ": for 'Gt', 'Lt' operators, exactly one value is required");
        }
        for (int i = 0; i < have.size(); i++) {
          if (!isInteger(have.get(i))) {
            errors.add("values[" + i + "]: Invalid value: " + GoText.quote(have.get(i))
                + ": for 'Gt', 'Lt' operators, the value must be an integer");
          }
        }
      }
    }
    for (int i = 0; i < have.size(); i++) {
      List<String> valueProblems = LabelSyntax.valueProblems(have.get(i));
      if (!valueProblems.isEmpty()) {
        errors.add(LabelSyntax.invalid("values[" + i + "][" + key + "]", have.get(i), valueProblems));
      }
    }
    if (errors.size() == 1) {
      throw new SelectorException(errors.iterator().next());
    }
    if (!errors.isEmpty()) {
      // Several problems are reported together, as Go's error aggregate prints them.
      throw new SelectorException("[" + String.join(", ", errors) + "]");
    }
    return new LabelRequirement(key, operator, have);
  }

  private static boolean isInteger(String text) {
    try {
      Long.parseLong(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Returns the requirements, sorted by key. */
  public List<LabelRequirement> requirements() {
    return requirements;
  }

  /** Returns whether this selector matches everything (no requirements, and not the nothing selector). */
  public boolean isEmpty() {
    return !nothing && requirements.isEmpty();
  }

  /** Returns whether this is the selector that matches no object. */
  public boolean isNothing() {
    return nothing;
  }

  /**
   * Returns the value the selector requires for {@code key} ({@code =}, {@code ==}, or {@code in}
   * with one value), or null; useful to narrow a list before matching.
   */
  public String requiredValue(String key) {
    for (LabelRequirement requirement : requirements) {
      if (requirement.key().equals(key)) {
        boolean exact = switch (requirement.operator()) {
          case EQUALS, DOUBLE_EQUALS, IN -> requirement.values().size() == 1;
          default -> false;
        };
        return exact ? requirement.values().get(0) : null;
      }
    }
    return null;
  }

  /** Returns whether the labels satisfy every requirement. */
  public boolean matches(Map<String, String> labels) {
    if (nothing) {
      return false;
    }
    for (LabelRequirement requirement : requirements) {
      if (!requirement.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether a {@code metadata.labels} object (possibly missing) satisfies every requirement. */
  public boolean matches(JsonNode labels) {
    return matches(labelMap(labels));
  }

  /** Returns a {@code metadata.labels} object as a map; missing or null gives an empty map. */
  public static Map<String, String> labelMap(JsonNode labels) {
    Map<String, String> map = new TreeMap<>();
    if (labels != null && labels.isObject()) {
      labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    }
    return map;
  }

  /**
   * Returns the selector in query-string form, as Go's {@code Selector.String()}: requirements by key,
   * comma-joined; the empty string for both the empty and the nothing selector. This is what the
   * Scale subresource's {@code status.selector} and the Deployment wide column carry.
   */
  public String toQueryString() {
    List<String> parts = new ArrayList<>(requirements.size());
    for (LabelRequirement requirement : requirements) {
      parts.add(requirement.toString());
    }
    return String.join(",", parts);
  }

  /**
   * Returns the selector as {@code metav1.FormatLabelSelector} renders it for tables: the query-string
   * form, or {@code <none>} when that is empty.
   */
  @Override
  public String toString() {
    String text = toQueryString();
    return text.isEmpty() ? "<none>" : text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector other && nothing == other.nothing && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode() * 31 + Boolean.hashCode(nothing);
  }
}
