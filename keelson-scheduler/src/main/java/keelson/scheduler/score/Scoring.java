package keelson.scheduler.score;

import java.util.List;
import java.util.random.RandomGenerator;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/** Weighs the scores of the nodes a pod fits and picks the best, as kube-scheduler's prioritize and selectHost. */
public final class Scoring {
  private static final List<Scorer> DEFAULTS = List.of(
      new LeastAllocated(), new BalancedAllocation(), new TaintPreference(), new PreferredNodeAffinity(),
      new OwnerSpread());

  private final List<Scorer> scorers;

  public Scoring(List<Scorer> scorers) {
    this.scorers = List.copyOf(scorers);
  }

  /** Returns scoring with kube-scheduler's default score plugins and weights. */
  public static Scoring defaults() {
    return new Scoring(DEFAULTS);
  }

  /** Returns each node's weighted total, in the order of {@code nodes}. */
  public long[] totals(PodInfo pod, List<NodeInfo> nodes) {
    long[] totals = new long[nodes.size()];
    for (Scorer scorer : scorers) {
      long[] s = scorer.score(pod, nodes);
      for (int i = 0; i < totals.length; i++) {
        totals[i] += s[i] * scorer.weight();
      }
    }
    return totals;
  }

  /**
   * Returns the node with the highest total; among equals, each is equally likely (reservoir
   * sampling with the given random, as selectHost), so the choice is reproducible with a seed.
   *
   * @param nodes non-empty
   */
  public NodeInfo pick(PodInfo pod, List<NodeInfo> nodes, RandomGenerator random) {
    if (nodes.size() == 1) {
      return nodes.get(0);
    }
    long[] totals = totals(pod, nodes);
    int best = 0;
    int ties = 1;
    for (int i = 1; i < totals.length; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        ties = 1;
      } else if (totals[i] == totals[best]) {
        ties++;
        if (random.nextInt(ties) == 0) {
          best = i;
        }
      }
    }
    return nodes.get(best);
  }
}
