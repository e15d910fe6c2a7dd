package keelson.nodes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code DisruptionTarget} pod condition that the taint manager and the pod GC set before they
 * delete a pod (upstream's {@code PodDisruptionConditions}), so that the pod says why it went.
 */
public final class DisruptionTargets {
  /** The condition type. */
  public static final String TYPE = "DisruptionTarget";

  private DisruptionTargets() {
  }

  /**
   * Returns the pod's conditions with a {@code DisruptionTarget=True} condition of this reason and
   * message in place of any earlier one; the pod itself is not changed.
   */
  public static List<PodCondition> conditionsWith(Pod pod, String reason, String message, Instant now) {
    List<PodCondition> conditions = new ArrayList<>(pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? List.of() : pod.getStatus().getConditions());
    conditions.removeIf(c -> TYPE.equals(c.getType()));
    PodCondition target = new PodCondition();
    target.setType(TYPE);
    target.setStatus("True");
    target.setReason(reason);
    target.setMessage(message);
    target.setLastTransitionTime(Times.format(now));
    conditions.add(target);
    return conditions;
  }
}
