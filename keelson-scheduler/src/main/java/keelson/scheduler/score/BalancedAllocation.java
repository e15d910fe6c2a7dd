package keelson.scheduler.score;

import java.util.List;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/**
 * Prefers nodes whose CPU and memory would be used in similar fractions after placing the pod, as
 * kube-scheduler's NodeResourcesBalancedAllocation: {@code (1 - stddev of the fractions) * 100}.
 */
public final class BalancedAllocation implements Scorer {

  @Override
  public int weight() {
    return 1;
  }

  @Override
  public long[] score(PodInfo pod, List<NodeInfo> nodes) {
    long[] scores = new long[nodes.size()];
    for (int i = 0; i < scores.length; i++) {
      NodeInfo n = nodes.get(i);
      double cpu = fraction(n.requested().milliCpu() + pod.requests().milliCpu(), n.allocatable().milliCpu());
      double mem = fraction(n.requested().memory() + pod.requests().memory(), n.allocatable().memory());
      // The standard deviation of two values is half their distance.
      double std = Math.abs(cpu - mem) / 2;
      scores[i] = (long) ((1 - std) * MAX);
    }
    return scores;
  }

  private static double fraction(long requested, long capacity) {
    if (capacity <= 0) {
      return 1;
    }
    return Math.min(1, (double) requested / capacity);
  }
}
