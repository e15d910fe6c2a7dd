package keelson.scheduler.score;

import java.util.List;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/** Ranks the nodes a pod fits; pure. */
public interface Scorer {
  /** The highest score a node can get, as kube-scheduler's MaxNodeScore. */
  long MAX = 100;

  /** Returns this score's weight in the sum (kube-scheduler's default plugin weights). */
  int weight();

  /** Returns each node's score, 0 to {@link #MAX}, in the order of {@code nodes}. */
  long[] score(PodInfo pod, List<NodeInfo> nodes);

  /**
   * Scales raw scores to 0–{@link #MAX} by the largest, as kube-scheduler's DefaultNormalizeScore;
   * reversed, fewer is better. With all zero, reversed scores are all {@link #MAX}.
   */
  static long[] normalize(long[] raw, boolean reverse) {
    long max = 0;
    for (long r : raw) {
      max = Math.max(max, r);
    }
    long[] out = new long[raw.length];
    for (int i = 0; i < raw.length; i++) {
      long s = max == 0 ? 0 : raw[i] * MAX / max;
      out[i] = reverse ? MAX - s : s;
    }
    return out;
  }
}
