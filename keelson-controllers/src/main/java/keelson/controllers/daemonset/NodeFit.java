package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a pod spec fits a node by node selector, required node affinity and taints, as the
 * scheduler's helpers (nodeaffinity.GetRequiredNodeAffinity, v1helper.FindMatchingUntoleratedTaint)
 * decide it.
 */
public final class NodeFit {
  private NodeFit() {}

  /** Returns whether the spec's nodeSelector and required node affinity match the node. */
  public static boolean matchesNodeAffinity(PodSpec spec, Node node) {
    Map<String, String> labels = labels(node);
    if (spec.getNodeSelector() != null) {
      for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    Affinity affinity = spec.getAffinity();
    if (affinity == null || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    return matches(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), node);
  }

  /** Returns whether any term of a node selector matches the node (no terms match nothing). */
  public static boolean matches(NodeSelector selector, Node node) {
    if (selector.getNodeSelectorTerms() == null) {
      return false;
    }
    for (NodeSelectorTerm term : selector.getNodeSelectorTerms()) {
      if (matches(term, node)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(NodeSelectorTerm term, Node node) {
    List<NodeSelectorRequirement> expressions = orEmpty(term.getMatchExpressions());
    List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
    if (expressions.isEmpty() && fields.isEmpty()) {
      return false; // an empty term selects nothing
    }
    Map<String, String> labels = labels(node);
    for (NodeSelectorRequirement r : expressions) {
      if (!matches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
        return false;
      }
    }
    for (NodeSelectorRequirement r : fields) {
      // Only metadata.name is a supported field, and only with In/NotIn; anything else is a parse
      // error, which makes the term not match.
      if (!"metadata.name".equals(r.getKey()) || !("In".equals(r.getOperator()) || "NotIn".equals(r.getOperator()))) {
        return false;
      }
      if (!matches(r, node.getMetadata().getName(), true)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(NodeSelectorRequirement r, String value, boolean present) {
    List<String> values = orEmpty(r.getValues());
    return switch (r.getOperator()) {
      case "In" -> present && values.contains(value);
      case "NotIn" -> !present || !values.contains(value);
      case "Exists" -> present;
      case "DoesNotExist" -> !present;
      case "Gt", "Lt" -> {
        if (!present || values.size() != 1) {
          yield false;
        }
        try {
          long actual = Long.parseLong(value);
          long bound = Long.parseLong(values.get(0));
          yield "Gt".equals(r.getOperator()) ? actual > bound : actual < bound;
        } catch (NumberFormatException e) {
          yield false;
        }
      }
      default -> false;
    };
  }

  /** Returns whether a toleration tolerates a taint (v1.Toleration.ToleratesTaint). */
  public static boolean tolerates(Toleration toleration, Taint taint) {
    if (toleration.getEffect() != null && !toleration.getEffect().isEmpty()
        && !toleration.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (toleration.getKey() != null && !toleration.getKey().isEmpty() && !toleration.getKey().equals(taint.getKey())) {
      return false;
    }
    String operator = toleration.getOperator() == null ? "" : toleration.getOperator();
    return switch (operator) {
      case "", "Equal" -> nullToEmpty(toleration.getValue()).equals(nullToEmpty(taint.getValue()));
      case "Exists" -> true;
      default -> false;
    };
  }

  /** Returns the first taint passing {@code filter} that no toleration tolerates. */
  public static Optional<Taint> firstUntoleratedTaint(List<Taint> taints, List<Toleration> tolerations,
      Predicate<Taint> filter) {
    for (Taint taint : orEmpty(taints)) {
      if (!filter.test(taint)) {
        continue;
      }
      boolean tolerated = false;
      for (Toleration t : orEmpty(tolerations)) {
        if (tolerates(t, taint)) {
          tolerated = true;
          break;
        }
      }
      if (!tolerated) {
        return Optional.of(taint);
      }
    }
    return Optional.empty();
  }

  static Map<String, String> labels(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
