package keelson.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keelson.controllers.daemonset.DaemonPods;

/**
 * Decides, without I/O, what a ReplicaSet needs (pkg/controller/replicaset manageReplicas and
 * calculateStatus): how many pods to create, which to delete (the ActivePodsWithRanks order with
 * LogarithmicScaleDown and PodDeletionCost on, as in 1.32), and the status counters.
 */
public final class ReplicaSetPlanner {
  /** At most this many creations or deletions per sync (upstream burstReplicas). */
  public static final int BURST_REPLICAS = 500;
  /** The annotation that lowers a pod's deletion priority (higher cost deleted later). */
  public static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

  private ReplicaSetPlanner() {}

  /** The plan: create {@code creates} pods, delete {@code deletes}, and the counted status. */
  public record ReplicaSetPlan(int creates, List<Pod> deletes, ReplicaSetCounts counts) {}

  /** Status counters over the active pods. */
  public record ReplicaSetCounts(int replicas, int fullyLabeled, int ready, int available) {}

  /** Returns whether a pod is active: not Succeeded/Failed and not being deleted (FilterActivePods). */
  public static boolean isActive(Pod pod) {
    String phase = DaemonPods.phase(pod);
    return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  /**
   * Returns the plan for active, owned pods {@code pods}; {@code related} are the active pods of
   * every ReplicaSet under the same owner (for the colocation rank).
   */
  public static ReplicaSetPlan plan(ReplicaSet rs, List<Pod> pods, List<Pod> related, Instant now) {
    int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    int diff = pods.size() - replicas;
    int creates = 0;
    List<Pod> deletes = List.of();
    if (diff < 0) {
      creates = Math.min(-diff, BURST_REPLICAS);
    } else if (diff > 0) {
      deletes = podsToDelete(pods, related, Math.min(diff, BURST_REPLICAS), now);
    }
    return new ReplicaSetPlan(creates, deletes, counts(rs, pods, now));
  }

  /** Returns the status counters (calculateStatus) for the active pods. */
  public static ReplicaSetCounts counts(ReplicaSet rs, List<Pod> pods, Instant now) {
    Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata() == null
        || rs.getSpec().getTemplate().getMetadata().getLabels() == null
        ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
    int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    for (Pod pod : pods) {
      Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
      if (labels.entrySet().containsAll(templateLabels.entrySet())) {
        fullyLabeled++;
      }
      if (DaemonPods.isReady(pod)) {
        ready++;
        if (DaemonPods.isAvailable(pod, minReady, now)) {
          available++;
        }
      }
    }
    return new ReplicaSetCounts(pods.size(), fullyLabeled, ready, available);
  }

  /**
   * Returns the {@code diff} pods to delete first (getPodsToDelete): unassigned before assigned;
   * Pending before Unknown before Running; not ready before ready; lower pod-deletion-cost first;
   * more colocated related pods first; ready more recently first (logarithmic buckets); more
   * restarts first; created more recently first (logarithmic buckets; UID breaks bucket ties).
   */
  public static List<Pod> podsToDelete(List<Pod> pods, List<Pod> related, int diff, Instant now) {
    if (diff >= pods.size()) {
      return List.copyOf(pods);
    }
    Map<String, Integer> onNode = new HashMap<>();
    for (Pod pod : related) {
      if (isActive(pod)) {
        onNode.merge(nodeName(pod), 1, Integer::sum);
      }
    }
    List<Pod> sorted = new ArrayList<>(pods);
    sorted.sort(deletionOrder(onNode, now));
    return List.copyOf(sorted.subList(0, diff));
  }

  static Comparator<Pod> deletionOrder(Map<String, Integer> onNode, Instant now) {
    return (a, b) -> {
      String na = nodeName(a);
      String nb = nodeName(b);
      if (!na.equals(nb) && (na.isEmpty() || nb.isEmpty())) {
        return na.isEmpty() ? -1 : 1;
      }
      int pa = phaseOrdinal(a);
      int pb = phaseOrdinal(b);
      if (pa != pb) {
        return Integer.compare(pa, pb);
      }
      boolean ra = DaemonPods.isReady(a);
      boolean rb = DaemonPods.isReady(b);
      if (ra != rb) {
        return ra ? 1 : -1;
      }
      int ca = deletionCost(a);
      int cb = deletionCost(b);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      int ka = onNode.getOrDefault(na, 0);
      int kb = onNode.getOrDefault(nb, 0);
      if (ka != kb) {
        return Integer.compare(kb, ka);
      }
      if (ra) {
        Optional<Instant> ta = readySince(a);
        Optional<Instant> tb = readySince(b);
        if (!ta.equals(tb)) {
          int byTime = newerFirst(ta, tb, now, a, b);
          if (byTime != 0) {
            return byTime;
          }
        }
      }
      int restartsA = maxRestarts(a);
      int restartsB = maxRestarts(b);
      if (restartsA != restartsB) {
        return Integer.compare(restartsB, restartsA);
      }
      Optional<Instant> createdA = created(a);
      Optional<Instant> createdB = created(b);
      if (!createdA.equals(createdB)) {
        return newerFirst(createdA, createdB, now, a, b);
      }
      return 0;
    };
  }

  /**
   * Orders two timestamps newer first, an empty one first; with both present, by the base-2
   * logarithm of their age in nanoseconds, ties broken by UID (logarithmicRankDiff).
   */
  private static int newerFirst(Optional<Instant> ta, Optional<Instant> tb, Instant now, Pod a, Pod b) {
    if (ta.isEmpty() || tb.isEmpty()) {
      // afterOrZero: an empty time sorts first
      return ta.isEmpty() ? (tb.isEmpty() ? 0 : -1) : 1;
    }
    long rankA = logRank(Duration.between(ta.get(), now));
    long rankB = logRank(Duration.between(tb.get(), now));
    if (rankA == rankB) {
      return uid(a).compareTo(uid(b));
    }
    return Long.compare(rankA, rankB);
  }

  private static long logRank(Duration age) {
    long nanos = age.toNanos();
    return nanos > 0 ? (long) (Math.log(nanos) / Math.log(2)) : -1;
  }

  private static String uid(Pod pod) {
    return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
  }

  private static String nodeName(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
  }

  private static int phaseOrdinal(Pod pod) {
    return switch (DaemonPods.phase(pod)) {
      case "Pending" -> 0;
      case "Unknown" -> 1;
      case "Running" -> 2;
      default -> 0; // upstream's map lookup yields 0 for other phases
    };
  }

  private static int deletionCost(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(DELETION_COST_ANNOTATION);
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Optional<Instant> readySince(Pod pod) {
    return DaemonPods.readyCondition(pod).map(c -> c.getLastTransitionTime())
        .filter(t -> !t.isEmpty()).map(Instant::parse);
  }

  private static Optional<Instant> created(Pod pod) {
    String ts = pod.getMetadata().getCreationTimestamp();
    return ts == null || ts.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(ts));
  }

  private static int maxRestarts(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return 0;
    }
    return pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getRestartCount)
        .filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).max().orElse(0);
  }
}
