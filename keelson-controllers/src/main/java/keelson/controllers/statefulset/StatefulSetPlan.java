package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one sync does, in order: the revision change; the steps (each a list of actions, run in
 * order, or all at once in slow-start batches when {@link Step#parallel()}); the status to write
 * (when {@code writeStatus}); the surplus revisions to delete; and when to look again.
 *
 * <p>Under OrderedReady the steps hold only the next blocking action (plus identity repairs of
 * healthy pods before it); under Parallel they hold many. Execution stops at the first step with a
 * failure; status is written and history truncated regardless.
 */
public record StatefulSetPlan(
    RevisionChange revisionChange,
    List<Step> steps,
    StatefulSetStatus status,
    boolean writeStatus,
    List<ControllerRevision> revisionsToDelete,
    Optional<Duration> requeueAfter) {

  public StatefulSetPlan {
    steps = List.copyOf(steps);
    revisionsToDelete = List.copyOf(revisionsToDelete);
  }

  /** Returns every action of every step, in order. */
  public List<PodAction> actions() {
    return steps.stream().flatMap(s -> s.actions().stream()).toList();
  }

  /** A group of actions: run one after another, or concurrently when parallel. */
  public record Step(String name, List<PodAction> actions, boolean parallel) {
    public Step {
      actions = List.copyOf(actions);
    }
  }
}
