package keelson.scheduler.filter;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/**
 * The pod's {@code nodeSelector} and required node affinity must both match the node, as
 * kube-scheduler's NodeAffinity filter. {@link #preFilterNodeNames} narrows the candidates first
 * when every term pins {@code metadata.name} (DaemonSet pods), as its PreFilter does.
 */
public final class NodeAffinity implements Filter {
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
  /** The reason given to the nodes outside the PreFilter's names. */
  public static final String PRE_FILTER_REASON = "node(s) didn't satisfy plugin(s) [NodeAffinity]";
  /** The message when the terms' names cannot all hold. */
  public static final String CONFLICT_REASON = "pod affinity terms conflict";

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    return matches(pod, node.labels(), node.name()) ? FilterResult.FITS : FilterResult.unresolvable(REASON);
  }

  /** Returns whether a pod's node selector and required affinity match these labels and node name. */
  public static boolean matches(PodInfo pod, Map<String, String> labels, String nodeName) {
    for (Map.Entry<String, String> e : pod.nodeSelector().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return pod.requiredAffinity() == null || NodeSelectors.matches(pod.requiredAffinity(), labels, nodeName);
  }

  /**
   * Returns the only node names the pod can go to when each required term names nodes through
   * {@code metadata.name In}: the union over terms of the intersection within a term. Empty when any
   * term leaves the choice open. An empty set inside means the terms conflict.
   */
  public static Optional<Set<String>> preFilterNodeNames(PodInfo pod) {
    if (pod.requiredAffinity() == null || pod.requiredAffinity().getNodeSelectorTerms() == null
        || pod.requiredAffinity().getNodeSelectorTerms().isEmpty()) {
      return Optional.empty();
    }
    Set<String> names = new HashSet<>();
    for (NodeSelectorTerm term : pod.requiredAffinity().getNodeSelectorTerms()) {
      Set<String> termNames = null;
      for (NodeSelectorRequirement r : term.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : term.getMatchFields()) {
        if (NodeSelectors.NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator())) {
          Set<String> values = new HashSet<>(r.getValues() == null ? List.of() : r.getValues());
          if (termNames == null) {
            termNames = values;
          } else {
            termNames.retainAll(values);
          }
        }
      }
      if (termNames == null) {
        return Optional.empty();
      }
      names.addAll(termNames);
    }
    return Optional.of(names);
  }
}
