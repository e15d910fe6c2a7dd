package keelson.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;
import keelson.scheduler.filter.FailedScheduling;
import keelson.scheduler.filter.FilterResult;
import keelson.scheduler.filter.Filters;
import keelson.scheduler.filter.NodeAffinity;
import keelson.scheduler.filter.VolumeConstraints;
import keelson.scheduler.score.Scoring;

/**
 * Chooses a node for one pod, purely: kube-scheduler's scheduling cycle without preemption. Nodes
 * are visited from a rotating start; in clusters of 100 nodes or more the search stops once enough
 * feasible nodes are found (kube-scheduler's adaptive percentageOfNodesToScore), the rest of the
 * work being the scores over those.
 */
public final class SchedulePlanner {
  static final int MIN_FEASIBLE_NODES = 100;

  private final Scoring scoring;

  public SchedulePlanner(Scoring scoring) {
    this.scoring = scoring;
  }

  /** Returns a planner with the default scores. */
  public static SchedulePlanner defaults() {
    return new SchedulePlanner(Scoring.defaults());
  }

  /**
   * Decides where a pod goes.
   *
   * @param nodes the present nodes with their usage, in a stable order
   * @param start where to begin visiting {@code nodes} (any int; taken modulo their number)
   * @param random breaks ties among equally scored nodes
   */
  public Decision schedule(PodInfo pod, VolumeConstraints volumes, List<NodeInfo> nodes, int start,
      RandomGenerator random) {
    return schedule(pod, volumes, nodes, null, start, random);
  }

  /**
   * As {@link #schedule(PodInfo, VolumeConstraints, List, int, RandomGenerator)}, with a lookup of
   * the present nodes by name (null: none), which a pod bound to one node by name (a DaemonSet's)
   * is checked against without visiting every node.
   */
  public Decision schedule(PodInfo pod, VolumeConstraints volumes, List<NodeInfo> nodes,
      Function<String, NodeInfo> presentByName, int start, RandomGenerator random) {
    int all = nodes.size();
    if (all == 0) {
      return new Decision.Unschedulable(FailedScheduling.NO_NODES, 0);
    }
    if (volumes.failure() != null) {
      return new Decision.Unschedulable(FailedScheduling.preFilterMessage(all, volumes.failure()), 0);
    }
    List<FilterResult> failures = new ArrayList<>();
    List<NodeInfo> candidates = nodes;
    int absent = 0; // nodes the pre-filter left out, counted into a failure's message
    int toFind = feasibleNodesToFind(all);
    Optional<Set<String>> names = NodeAffinity.preFilterNodeNames(pod);
    if (names.isPresent()) {
      if (names.get().isEmpty()) {
        return new Decision.Unschedulable(
            FailedScheduling.preFilterMessage(all, NodeAffinity.CONFLICT_REASON), 0);
      }
      candidates = new ArrayList<>(names.get().size());
      if (presentByName != null && names.get().size() == 1) {
        NodeInfo named = presentByName.apply(names.get().iterator().next());
        if (named != null) {
          candidates.add(named);
        }
      } else {
        for (NodeInfo n : nodes) {
          if (names.get().contains(n.name())) {
            candidates.add(n);
          }
        }
      }
      absent = all - candidates.size();
      start = 0;
      toFind = candidates.size();
    }
    Filters filters = Filters.of(volumes);
    List<NodeInfo> feasible = new ArrayList<>(Math.min(toFind, candidates.size()));
    int size = candidates.size();
    int offset = size == 0 ? 0 : Math.floorMod(start, size);
    int examined = 0;
    for (int i = 0; i < size && feasible.size() < toFind; i++) {
      NodeInfo node = candidates.get((offset + i) % size);
      examined++;
      FilterResult verdict = filters.run(pod, node);
      if (verdict.fits()) {
        feasible.add(node);
      } else {
        failures.add(verdict);
      }
    }
    if (feasible.isEmpty()) {
      FilterResult leftOut = FilterResult.unresolvable(NodeAffinity.PRE_FILTER_REASON);
      for (int i = 0; i < absent; i++) {
        failures.add(leftOut);
      }
      return new Decision.Unschedulable(FailedScheduling.message(all, failures), examined);
    }
    return new Decision.Bind(scoring.pick(pod, feasible, random).name(), examined);
  }

  /** Returns how many feasible nodes to find before scoring, as kube-scheduler's numFeasibleNodesToFind. */
  static int feasibleNodesToFind(int all) {
    if (all < MIN_FEASIBLE_NODES) {
      return all;
    }
    int percentage = Math.max(5, 50 - all / 125);
    return Math.max(MIN_FEASIBLE_NODES, all * percentage / 100);
  }
}
