package keelson.nodes.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keelson.nodes.Faults;

/**
 * A simulated pod's readiness, as the kubelet's prober and status manager decide it: containers
 * ready once their readiness probe's initial delay has passed (unless a fault says otherwise), and
 * the Ready, ContainersReady and PodScheduled conditions with readiness gates honoured.
 */
final class PodReadiness {
  private PodReadiness() {}

  /** Returns whether a started container passes readiness now: no probe, or its initial delay has passed. */
  static boolean isReadyNow(Pod pod, Container c, Instant startedAt, Instant now) {
    if (Faults.isReadinessFailing(pod)) {
      return false;
    }
    return !now.isBefore(startedAt.plusSeconds(initialDelaySeconds(c)));
  }

  /** The readiness probe's initial delay; 0 without a probe. */
  static long initialDelaySeconds(Container c) {
    if (c.getReadinessProbe() == null || c.getReadinessProbe().getInitialDelaySeconds() == null) {
      return 0;
    }
    return c.getReadinessProbe().getInitialDelaySeconds();
  }

  /**
   * Appends Ready, ContainersReady and PodScheduled (in that order) to {@code next}'s own
   * conditions, then any other conditions found on the pod.
   */
  static void setConditions(Pod pod, PodStatus next, PodStatus current, Instant now) {
    List<String> unready = new ArrayList<>();
    for (ContainerStatus cs : next.getContainerStatuses()) {
      if (!Boolean.TRUE.equals(cs.getReady())) {
        unready.add(cs.getName());
      }
    }
    boolean containersReady = unready.isEmpty();
    String notReadyMessage = "containers with unready status: [" + String.join(" ", unready) + "]";
    String readyStatus = containersReady ? "True" : "False";
    String readyReason = containersReady ? null : "ContainersNotReady";
    String readyMessage = containersReady ? null : notReadyMessage;
    if (containersReady && pod.getSpec().getReadinessGates() != null) {
      for (PodReadinessGate gate : pod.getSpec().getReadinessGates()) {
        PodCondition c = PodLifecycle.findCondition(current, gate.getConditionType());
        if (c == null || !"True".equals(c.getStatus())) {
          readyStatus = "False";
          readyReason = "ReadinessGatesNotReady";
          readyMessage = c == null
              ? "corresponding condition of pod readiness gate \"" + gate.getConditionType() + "\" does not exist."
              : "the status of pod readiness gate \"" + gate.getConditionType() + "\" is not \"True\", but "
                  + c.getStatus();
          break;
        }
      }
    }
    List<PodCondition> conditions = new ArrayList<>(next.getConditions());
    conditions.add(PodLifecycle.condition(current, PodLifecycle.READY, readyStatus, readyReason, readyMessage,
        now));
    conditions.add(PodLifecycle.condition(current, PodLifecycle.CONTAINERS_READY,
        containersReady ? "True" : "False",
        containersReady ? null : "ContainersNotReady", containersReady ? null : notReadyMessage, now));
    PodCondition scheduled = PodLifecycle.findCondition(current, PodLifecycle.SCHEDULED);
    conditions.add(scheduled != null && "True".equals(scheduled.getStatus()) ? scheduled
        : PodLifecycle.condition(current, PodLifecycle.SCHEDULED, "True", null, null, now));
    if (current.getConditions() != null) {
      for (PodCondition other : current.getConditions()) {
        if (!PodLifecycle.KUBELET_CONDITIONS.contains(other.getType())) {
          conditions.add(other);
        }
      }
    }
    next.setConditions(conditions);
  }

  /** Names the step of a readiness change by where it ends: {@code Ready} or {@code NotReady}. */
  static String step(PodStatus status) {
    PodCondition ready = PodLifecycle.findCondition(status, PodLifecycle.READY);
    return ready != null && "True".equals(ready.getStatus()) ? "Ready" : "NotReady";
  }
}
