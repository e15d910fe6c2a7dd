package keelson.controllers.daemonset;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What to do for one DaemonSet: pod actions (creations at most {@link DaemonSetPlanner#BURST_REPLICAS},
 * likewise deletions), the status counters, and when to look again even if nothing changes.
 */
public record DaemonSetPlan(List<PodAction> actions, DaemonSetCounts counts, Optional<Duration> requeueAfter) {
  public DaemonSetPlan {
    actions = List.copyOf(actions);
  }

  /** Returns the planned creations. */
  public List<PodAction.CreatePod> creates() {
    return actions.stream().filter(PodAction.CreatePod.class::isInstance).map(PodAction.CreatePod.class::cast).toList();
  }

  /** Returns the planned deletions. */
  public List<PodAction.DeletePod> deletes() {
    return actions.stream().filter(PodAction.DeletePod.class::isInstance).map(PodAction.DeletePod.class::cast).toList();
  }
}
