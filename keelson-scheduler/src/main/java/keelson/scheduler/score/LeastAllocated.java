package keelson.scheduler.score;

import java.util.List;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/**
 * Prefers nodes with more CPU and memory left after placing the pod, as kube-scheduler's
 * NodeResourcesFit LeastAllocated strategy (CPU and memory weighted equally; requests counted with
 * the 100m/200Mi defaults for containers that request nothing). This spreads pods over nodes.
 */
public final class LeastAllocated implements Scorer {

  @Override
  public int weight() {
    return 1;
  }

  @Override
  public long[] score(PodInfo pod, List<NodeInfo> nodes) {
    long[] scores = new long[nodes.size()];
    for (int i = 0; i < scores.length; i++) {
      NodeInfo n = nodes.get(i);
      long cpu = least(n.nonZeroRequested().milliCpu() + pod.nonZeroRequests().milliCpu(), n.allocatable().milliCpu());
      long mem = least(n.nonZeroRequested().memory() + pod.nonZeroRequests().memory(), n.allocatable().memory());
      scores[i] = (cpu + mem) / 2;
    }
    return scores;
  }

  static long least(long requested, long capacity) {
    if (capacity <= 0 || requested > capacity) {
      return 0;
    }
    return (capacity - requested) * MAX / capacity;
  }
}
