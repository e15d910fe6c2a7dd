package keelson.scheduler.bind;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;

/**
 * The {@code PodScheduled=False} condition the scheduler writes for a pod it cannot place, and
 * whether a pod already has it (a successful binding sets {@code True} in the API server).
 */
public final class PodConditions {
  public static final String POD_SCHEDULED = "PodScheduled";
  public static final String UNSCHEDULABLE = "Unschedulable";

  private PodConditions() {}

  /**
   * A PodScheduled condition to write.
   *
   * @param lastTransitionTime kept from the pod's current condition when the status does not change
   */
  public record Scheduled(String status, String reason, String message, Instant lastTransitionTime) {}

  /** Returns {@code PodScheduled=False, reason Unschedulable} with the FailedScheduling message. */
  public static Scheduled unschedulable(Pod pod, String message, Instant now) {
    return new Scheduled("False", UNSCHEDULABLE, message, transition(pod, "False", now));
  }

  /** Returns whether the pod already carries this condition (same status, reason and message). */
  public static boolean has(Pod pod, Scheduled wanted) {
    PodCondition current = current(pod);
    return current != null && wanted.status().equals(current.getStatus())
        && eq(wanted.reason(), current.getReason()) && eq(wanted.message(), current.getMessage());
  }

  private static Instant transition(Pod pod, String status, Instant clockNow) {
    // Kubernetes times are whole seconds (RFC 3339 without fractions).
    Instant now = clockNow.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    PodCondition current = current(pod);
    if (current != null && status.equals(current.getStatus()) && current.getLastTransitionTime() != null) {
      try {
        return Instant.parse(current.getLastTransitionTime());
      } catch (RuntimeException e) {
        return now;
      }
    }
    return now;
  }

  private static PodCondition current(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if (POD_SCHEDULED.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  private static boolean eq(String a, String b) {
    return (a == null || a.isEmpty()) ? (b == null || b.isEmpty()) : a.equals(b);
  }
}
