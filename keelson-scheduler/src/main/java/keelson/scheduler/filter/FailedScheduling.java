package keelson.scheduler.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The message of a pod that fits no node, as kube-scheduler's {@code FitError}: how many nodes there
 * are, a sorted histogram of the reasons, and what preemption would say (Keelson never preempts; it
 * reports that nodes failing only on resources or ports have no victims, as kube-scheduler does when
 * no pod has a lower priority), e.g. {@code 0/3 nodes are available: 1 node(s) didn't match Pod's
 * node affinity/selector, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is
 * not helpful for scheduling, 2 No preemption victims found for incoming pod.}
 */
public final class FailedScheduling {
  public static final String NO_NODES = "no nodes available to schedule pods";
  static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
  static final String NO_VICTIMS = "No preemption victims found for incoming pod";

  private FailedScheduling() {}

  /** Returns the message for filter verdicts of every node (all failing). */
  public static String message(int allNodes, Collection<FilterResult> verdicts) {
    if (allNodes == 0) {
      return NO_NODES;
    }
    Map<String, Integer> reasons = new TreeMap<>();
    Map<String, Integer> preemption = new TreeMap<>();
    for (FilterResult verdict : verdicts) {
      for (String reason : verdict.reasons()) {
        reasons.merge(reason, 1, Integer::sum);
      }
      preemption.merge(verdict.unresolvable() ? NOT_HELPFUL : NO_VICTIMS, 1, Integer::sum);
    }
    return available(allNodes) + ": " + histogram(reasons) + "." + preemption(allNodes, preemption);
  }

  /** Returns the message when no node could be considered at all (a PreFilter failure). */
  public static String preFilterMessage(int allNodes, String failure) {
    if (allNodes == 0) {
      return NO_NODES;
    }
    return available(allNodes) + ": " + failure + "." + preemption(allNodes, Map.of(NOT_HELPFUL, allNodes));
  }

  private static String available(int allNodes) {
    return "0/" + allNodes + " nodes are available";
  }

  private static String preemption(int allNodes, Map<String, Integer> histogram) {
    return " preemption: " + available(allNodes) + ": " + histogram(histogram) + ".";
  }

  /** Returns "count reason" entries sorted as strings, as Go's sort.Strings over them. */
  private static String histogram(Map<String, Integer> counts) {
    List<String> entries = new ArrayList<>(counts.size());
    counts.forEach((reason, n) -> entries.add(n + " " + reason));
    entries.sort(null);
    return String.join(", ", entries);
  }
}
