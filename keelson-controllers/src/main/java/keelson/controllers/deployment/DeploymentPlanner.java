package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keelson.controllers.daemonset.IntOrPercents;

/**
 * The rollout arithmetic of pkg/controller/deployment (rolling.go, util/deployment_util.go),
 * pure: maxSurge/maxUnavailable fenceposts, the new ReplicaSet's next size, which old ReplicaSets
 * shrink and by how much, and the cleanup beyond revisionHistoryLimit.
 */
public final class DeploymentPlanner {
  private DeploymentPlanner() {}

  /** (maxSurge, maxUnavailable) resolved against the desired replicas. */
  public record Fenceposts(int maxSurge, int maxUnavailable) {}

  /**
   * Returns maxSurge rounded up and maxUnavailable rounded down against {@code replicas} (defaults
   * 25% each); if both are 0, maxUnavailable becomes 1 (ResolveFenceposts).
   */
  public static Fenceposts fenceposts(Deployment d) {
    int replicas = replicas(d);
    DeploymentStrategy strategy = d.getSpec().getStrategy();
    var rolling = strategy == null ? null : strategy.getRollingUpdate();
    int surge = IntOrPercents.scaled(rolling == null ? null : rolling.getMaxSurge(), replicas, true,
        IntOrPercents.scaled(new io.fabric8.kubernetes.api.model.IntOrString("25%"), replicas, true, 0));
    int unavailable = IntOrPercents.scaled(rolling == null ? null : rolling.getMaxUnavailable(), replicas, false,
        IntOrPercents.scaled(new io.fabric8.kubernetes.api.model.IntOrString("25%"), replicas, false, 0));
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new Fenceposts(surge, unavailable);
  }

  /** Returns maxUnavailable for a RollingUpdate deployment, at most its replicas; 0 otherwise. */
  public static int maxUnavailable(Deployment d) {
    if (!isRollingUpdate(d) || replicas(d) == 0) {
      return 0;
    }
    return Math.min(fenceposts(d).maxUnavailable(), replicas(d));
  }

  /** Returns maxSurge for a RollingUpdate deployment, 0 otherwise. */
  public static int maxSurge(Deployment d) {
    return isRollingUpdate(d) ? fenceposts(d).maxSurge() : 0;
  }

  /**
   * Returns the size the new ReplicaSet should have next (NewRSNewReplicas): for RollingUpdate,
   * grow by what the surge budget leaves ({@code replicas + maxSurge - all pods}), never beyond the
   * desired replicas; for Recreate, the desired replicas.
   *
   * <p>Unlike upstream, which sums spec.replicas, a set counts as many pods as its spec or its
   * status says, whichever is more: a set just scaled down still has its pods until its controller
   * deletes them, and growing the new set meanwhile would exceed replicas + maxSurge pods.
   */
  public static int newReplicaSetReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRs) {
    int replicas = replicas(d);
    if (!isRollingUpdate(d)) {
      return replicas;
    }
    int current = specReplicas(newRs);
    if (current >= replicas) {
      return replicas; // scale down (or stay)
    }
    int maxTotal = replicas + fenceposts(d).maxSurge();
    int allPods = all.stream().mapToInt(DeploymentPlanner::podsCounted).sum();
    if (allPods >= maxTotal) {
      return current;
    }
    return current + Math.min(maxTotal - allPods, replicas - current);
  }

  /**
   * Returns the new sizes of old ReplicaSets for one rolling step (reconcileOldReplicaSets):
   * first unhealthy replicas are removed, oldest set first, within {@code all pods - minAvailable -
   * unavailable new pods}; then available old pods are scaled down as far as minAvailable allows.
   * Only changed sets appear in the result (name to new size).
   *
   * <p>A set's available replicas count at most up to its spec: a status not yet updated after a
   * scale-down still counts pods its controller is about to delete (the unavailable ones first).
   */
  public static Map<String, Integer> scaleDownOld(Deployment d, List<ReplicaSet> oldSets, ReplicaSet newRs) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    List<ReplicaSet> old = new ArrayList<>(oldSets.stream().filter(rs -> specReplicas(rs) > 0).toList());
    int oldPods = old.stream().mapToInt(DeploymentPlanner::specReplicas).sum();
    if (oldPods == 0) {
      return sizes;
    }
    old.sort(BY_CREATION);
    int allPods = oldPods + specReplicas(newRs);
    int minAvailable = replicas(d) - maxUnavailable(d);
    int newUnavailable = specReplicas(newRs) - availableAtMost(newRs);
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return sizes;
    }
    // Unhealthy replicas first: they do not count towards availability anyway.
    int cleaned = 0;
    Map<String, Integer> current = new LinkedHashMap<>();
    for (ReplicaSet rs : old) {
      current.put(rs.getMetadata().getName(), specReplicas(rs));
    }
    for (ReplicaSet rs : old) {
      if (cleaned >= maxScaledDown) {
        break;
      }
      int size = specReplicas(rs);
      int healthy = availableAtMost(rs);
      if (size == healthy) {
        continue;
      }
      int down = Math.min(maxScaledDown - cleaned, size - healthy);
      current.put(rs.getMetadata().getName(), size - down);
      sizes.put(rs.getMetadata().getName(), size - down);
      cleaned += down;
    }
    // Then available old pods, as far as minAvailable allows.
    int availablePods = availableAtMost(newRs) + old.stream().mapToInt(DeploymentPlanner::availableAtMost).sum();
    if (availablePods <= minAvailable) {
      return sizes;
    }
    int total = availablePods - minAvailable;
    int scaled = 0;
    for (ReplicaSet rs : old) {
      if (scaled >= total) {
        break;
      }
      int size = current.get(rs.getMetadata().getName());
      if (size == 0) {
        continue;
      }
      int down = Math.min(size, total - scaled);
      sizes.put(rs.getMetadata().getName(), size - down);
      scaled += down;
    }
    return sizes;
  }

  /**
   * Returns the old ReplicaSets to delete beyond revisionHistoryLimit (cleanupDeployment): lowest
   * revision first, skipping any that still has replicas or has not observed its generation.
   */
  public static List<ReplicaSet> toCleanUp(Deployment d, List<ReplicaSet> oldSets) {
    int limit = d.getSpec().getRevisionHistoryLimit() == null ? 10 : d.getSpec().getRevisionHistoryLimit();
    List<ReplicaSet> alive = new ArrayList<>(oldSets.stream()
        .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
    int diff = alive.size() - limit;
    if (diff <= 0) {
      return List.of();
    }
    alive.sort(Comparator.comparingLong(DeploymentRevisions::revision).thenComparing(BY_CREATION));
    List<ReplicaSet> result = new ArrayList<>();
    for (ReplicaSet rs : alive.subList(0, diff)) {
      long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
      long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null
          ? 0 : rs.getStatus().getObservedGeneration();
      boolean hasPods = rs.getStatus() != null && rs.getStatus().getReplicas() != null && rs.getStatus().getReplicas() != 0;
      if (hasPods || specReplicas(rs) != 0 || generation > observed) {
        continue;
      }
      result.add(rs);
    }
    return result;
  }

  /** Oldest first by creation time, then name (ReplicaSetsByCreationTimestamp). */
  static final Comparator<ReplicaSet> BY_CREATION = Comparator
      .comparing((ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp() == null ? ""
          : rs.getMetadata().getCreationTimestamp())
      .thenComparing(rs -> rs.getMetadata().getName());

  static boolean isRollingUpdate(Deployment d) {
    DeploymentStrategy s = d.getSpec().getStrategy();
    return s == null || s.getType() == null || "RollingUpdate".equals(s.getType());
  }

  static int replicas(Deployment d) {
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  static int specReplicas(ReplicaSet rs) {
    return rs == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
  }

  static int available(ReplicaSet rs) {
    return rs == null || rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null
        ? 0 : rs.getStatus().getAvailableReplicas();
  }

  /** Available replicas, at most spec.replicas (what will remain once the set's controller catches up). */
  static int availableAtMost(ReplicaSet rs) {
    return Math.min(available(rs), specReplicas(rs));
  }

  /** Pods a set may have: the larger of spec.replicas and status.replicas. */
  static int podsCounted(ReplicaSet rs) {
    int actual = rs == null || rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0
        : rs.getStatus().getReplicas();
    return Math.max(specReplicas(rs), actual);
  }
}
