package keelson.api.selectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One condition of a label selector: a key, an operator and the values it compares with.
 *
 * @param key the label key
 * @param operator how the label's value is compared
 * @param values the values, empty for {@code EXISTS}/{@code DOES_NOT_EXIST}
 */
public record LabelRequirement(String key, LabelOperator operator, List<String> values) {

  public LabelRequirement {
    values = List.copyOf(values);
  }

  /**
   * Returns whether the labels satisfy this requirement. A missing key fails {@code =}, {@code in},
   * {@code >} and {@code <} but satisfies {@code !=} and {@code notin}, as in Kubernetes.
   */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.get(key);
    return switch (operator) {
      case EQUALS, DOUBLE_EQUALS, IN -> actual != null && values.contains(actual);
      case NOT_EQUALS, NOT_IN -> actual == null || !values.contains(actual);
      case EXISTS -> actual != null;
      case DOES_NOT_EXIST -> actual == null;
      case GREATER_THAN, LESS_THAN -> actual != null && comparesAsInteger(actual);
    };
  }

  private boolean comparesAsInteger(String actual) {
    if (values.size() != 1) {
      return false;
    }
    try {
      long have = Long.parseLong(actual);
      long bound = Long.parseLong(values.get(0));
      return operator == LabelOperator.GREATER_THAN ? have > bound : have < bound;
    } catch (NumberFormatException notAnInteger) {
      // A label that is not an integer never satisfies a numeric comparison.
      return false;
    }
  }

  /** Returns the requirement in query-string form, for example {@code tier in (a,b)} or {@code !legacy}. */
  @Override
  public String toString() {
    return switch (operator) {
      case EXISTS -> key;
      case DOES_NOT_EXIST -> "!" + key;
      case IN, NOT_IN -> key + operator.infix() + "(" + joinedValues() + ")";
      default -> key + operator.infix() + joinedValues();
    };
  }

  private String joinedValues() {
    if (values.size() == 1) {
      return values.get(0);
    }
    List<String> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return String.join(",", sorted);
  }
}
