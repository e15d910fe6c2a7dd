package keelson.scheduler.score;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/**
 * Prefers nodes, and zones, holding fewer pods of the pod's own controller, in the spirit of
 * kube-scheduler's default topology spreading (hostname and zone) and its older SelectorSpread: a
 * node's score is {@code 100 * (max - count) / max}; when nodes carry
 * {@code topology.kubernetes.io/zone}, the zone's score counts two thirds. Pods without a
 * controller score the same everywhere.
 */
public final class OwnerSpread implements Scorer {
  private static final double ZONE_WEIGHT = 2.0 / 3.0;

  @Override
  public int weight() {
    return 2;
  }

  @Override
  public long[] score(PodInfo pod, List<NodeInfo> nodes) {
    long[] scores = new long[nodes.size()];
    if (pod.owner() == null) {
      return scores;
    }
    long[] counts = new long[nodes.size()];
    Map<String, Long> zones = new HashMap<>();
    for (int i = 0; i < counts.length; i++) {
      NodeInfo n = nodes.get(i);
      counts[i] = n.ownerCount(pod.owner());
      if (n.zone() != null) {
        zones.merge(n.zone(), counts[i], Long::sum);
      }
    }
    long[] nodeScores = Scorer.normalize(counts, true);
    if (zones.isEmpty()) {
      return nodeScores;
    }
    long maxZone = zones.values().stream().mapToLong(Long::longValue).max().orElse(0);
    for (int i = 0; i < scores.length; i++) {
      String zone = nodes.get(i).zone();
      double zoneScore = zone == null ? 0 : maxZone == 0 ? MAX : (double) (maxZone - zones.get(zone)) * MAX / maxZone;
      scores[i] = (long) (nodeScores[i] * (1 - ZONE_WEIGHT) + zoneScore * ZONE_WEIGHT);
    }
    return scores;
  }
}
