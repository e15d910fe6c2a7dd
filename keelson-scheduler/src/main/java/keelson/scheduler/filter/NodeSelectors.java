package keelson.scheduler.filter;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.List;
import java.util.Map;

/**
 * Node selector matching as k8s.io/component-helpers' nodeaffinity: terms are ORed, the requirements
 * of a term ANDed; a term with no requirements, or one that does not parse, matches nothing.
 */
public final class NodeSelectors {
  /** The only field a {@code matchFields} requirement may name. */
  public static final String NAME_FIELD = "metadata.name";

  private NodeSelectors() {}

  /** Returns whether a node selector matches a node's labels and name. */
  public static boolean matches(NodeSelector selector, Map<String, String> labels, String nodeName) {
    if (selector == null || selector.getNodeSelectorTerms() == null) {
      return false;
    }
    for (NodeSelectorTerm term : selector.getNodeSelectorTerms()) {
      if (matches(term, labels, nodeName)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether one term matches: all its expressions and fields, and at least one of them given. */
  public static boolean matches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
    List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
    List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
    if (expressions.isEmpty() && fields.isEmpty()) {
      return false;
    }
    for (NodeSelectorRequirement r : expressions) {
      if (!matchesLabel(r, labels)) {
        return false;
      }
    }
    for (NodeSelectorRequirement r : fields) {
      if (!matchesField(r, nodeName)) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether a label requirement holds; a malformed one (bad operator or values) never does. */
  static boolean matchesLabel(NodeSelectorRequirement r, Map<String, String> labels) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    String key = r.getKey();
    String value = labels.get(key);
    String operator = r.getOperator() == null ? "" : r.getOperator();
    return switch (operator) {
      case "In" -> !values.isEmpty() && value != null && values.contains(value);
      case "NotIn" -> !values.isEmpty() && (value == null || !values.contains(value));
      case "Exists" -> values.isEmpty() && value != null;
      case "DoesNotExist" -> values.isEmpty() && value == null;
      case "Gt", "Lt" -> {
        if (values.size() != 1 || value == null) {
          yield false;
        }
        Long wanted = parseLong(values.get(0));
        Long actual = parseLong(value);
        if (wanted == null || actual == null) {
          yield false;
        }
        yield operator.equals("Gt") ? actual > wanted : actual < wanted;
      }
      default -> false;
    };
  }

  /**
   * Returns whether a field requirement holds; only {@code metadata.name} with In or NotIn and
   * exactly one value parses (as upstream's field selector conversion).
   */
  static boolean matchesField(NodeSelectorRequirement r, String nodeName) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    if (!NAME_FIELD.equals(r.getKey()) || values.size() != 1) {
      return false;
    }
    return switch (r.getOperator() == null ? "" : r.getOperator()) {
      case "In" -> values.get(0).equals(nodeName);
      case "NotIn" -> !values.get(0).equals(nodeName);
      default -> false;
    };
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
