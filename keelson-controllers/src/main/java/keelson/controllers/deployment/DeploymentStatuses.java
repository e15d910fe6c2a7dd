package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment's next status (sync.go calculateStatus, progress.go syncRolloutStatus): the
 * counters summed over its ReplicaSets, {@code Available} by minimum availability and
 * {@code Progressing} with the upstream reasons and messages.
 */
public final class DeploymentStatuses {
  public static final String NEW_RS_CREATED = "NewReplicaSetCreated";
  public static final String FOUND_NEW_RS = "FoundNewReplicaSet";
  public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
  public static final String RS_UPDATED = "ReplicaSetUpdated";
  public static final String TIMED_OUT = "ProgressDeadlineExceeded";

  private DeploymentStatuses() {}

  /** Returns the status a sync should write, from the current one and the observed ReplicaSets. */
  public static DeploymentStatus next(Deployment d, List<ReplicaSet> all, ReplicaSet newRs, Instant now) {
    DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    int available = all.stream().mapToInt(DeploymentPlanner::available).sum();
    int total = all.stream().mapToInt(DeploymentPlanner::specReplicas).sum();
    DeploymentStatus status = new DeploymentStatus();
    status.setObservedGeneration(d.getMetadata().getGeneration());
    status.setReplicas(omitZero(all.stream().mapToInt(DeploymentStatuses::actual).sum()));
    status.setUpdatedReplicas(omitZero(newRs == null ? 0 : actual(newRs)));
    status.setReadyReplicas(omitZero(all.stream().mapToInt(rs -> rs.getStatus() == null
        || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas()).sum()));
    status.setAvailableReplicas(omitZero(available));
    status.setUnavailableReplicas(omitZero(Math.max(0, total - available)));
    status.setCollisionCount(old.getCollisionCount());
    status.setConditions(new ArrayList<>(old.getConditions() == null ? List.of() : old.getConditions()));
    if (available >= DeploymentPlanner.replicas(d) - DeploymentPlanner.maxUnavailable(d)) {
      set(status, condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now));
    } else {
      set(status, condition("Available", "False", "MinimumReplicasUnavailable",
          "Deployment does not have minimum availability.", now));
    }
    Integer deadline = d.getSpec().getProgressDeadlineSeconds();
    boolean hasDeadline = deadline != null && deadline != Integer.MAX_VALUE;
    if (!hasDeadline) {
      status.getConditions().removeIf(c -> "Progressing".equals(c.getType()));
    }
    Optional<DeploymentCondition> progressing = get(old, "Progressing");
    boolean complete = n(status.getReplicas()) == n(status.getUpdatedReplicas())
        && progressing.map(c -> NEW_RS_AVAILABLE.equals(c.getReason())).orElse(false);
    if (hasDeadline && !complete) {
      String name = newRs == null ? null : newRs.getMetadata().getName();
      if (isComplete(d, status)) {
        set(status, condition("Progressing", "True", NEW_RS_AVAILABLE,
            "ReplicaSet \"" + name + "\" has successfully progressed.", now));
      } else if (isProgressing(old, status)) {
        DeploymentCondition c = condition("Progressing", "True", RS_UPDATED,
            name == null ? "Deployment \"" + d.getMetadata().getName() + "\" is progressing."
                : "ReplicaSet \"" + name + "\" is progressing.", now);
        if (progressing.isPresent()) {
          if ("True".equals(progressing.get().getStatus())) {
            c.setLastTransitionTime(progressing.get().getLastTransitionTime());
          }
          status.getConditions().removeIf(x -> "Progressing".equals(x.getType()));
        }
        status.getConditions().add(c);
      } else if (progressing.isPresent() && !NEW_RS_AVAILABLE.equals(progressing.get().getReason())
          && !TIMED_OUT.equals(progressing.get().getReason())
          && Instant.parse(progressing.get().getLastUpdateTime()).plusSeconds(deadline).isBefore(now)) {
        set(status, condition("Progressing", "False", TIMED_OUT,
            name == null ? "Deployment \"" + d.getMetadata().getName() + "\" has timed out progressing."
                : "ReplicaSet \"" + name + "\" has timed out progressing.", now));
      }
    }
    return status;
  }

  /** Returns whether the rollout is complete (DeploymentComplete). */
  public static boolean isComplete(Deployment d, DeploymentStatus s) {
    int replicas = DeploymentPlanner.replicas(d);
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    return n(s.getUpdatedReplicas()) == replicas && n(s.getReplicas()) == replicas
        && n(s.getAvailableReplicas()) == replicas
        && (s.getObservedGeneration() == null ? 0 : s.getObservedGeneration()) >= generation;
  }

  /** Returns whether the new status shows progress over the old (DeploymentProgressing). */
  static boolean isProgressing(DeploymentStatus old, DeploymentStatus now) {
    int oldOld = n(old.getReplicas()) - n(old.getUpdatedReplicas());
    int newOld = n(now.getReplicas()) - n(now.getUpdatedReplicas());
    return n(now.getUpdatedReplicas()) > n(old.getUpdatedReplicas()) || newOld < oldOld
        || n(now.getReadyReplicas()) > n(old.getReadyReplicas())
        || n(now.getAvailableReplicas()) > n(old.getAvailableReplicas());
  }

  /** Returns a condition stamped now. */
  public static DeploymentCondition condition(String type, String status, String reason, String message, Instant now) {
    DeploymentCondition c = new DeploymentCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setLastUpdateTime(now.toString());
    c.setLastTransitionTime(now.toString());
    return c;
  }

  /**
   * Sets a condition as SetDeploymentCondition: unchanged if status and reason are the same; the
   * transition time kept if only the reason changed.
   */
  public static void set(DeploymentStatus status, DeploymentCondition c) {
    Optional<DeploymentCondition> current = get(status, c.getType());
    if (current.isPresent() && Objects.equals(current.get().getStatus(), c.getStatus())
        && Objects.equals(current.get().getReason(), c.getReason())) {
      return;
    }
    if (current.isPresent() && Objects.equals(current.get().getStatus(), c.getStatus())) {
      c.setLastTransitionTime(current.get().getLastTransitionTime());
    }
    status.getConditions().removeIf(x -> c.getType().equals(x.getType()));
    status.getConditions().add(c);
  }

  static Optional<DeploymentCondition> get(DeploymentStatus status, String type) {
    return status.getConditions() == null ? Optional.empty()
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static int actual(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
  }

  private static int n(Integer value) {
    return value == null ? 0 : value;
  }

  private static Integer omitZero(int value) {
    return value == 0 ? null : value;
  }
}
