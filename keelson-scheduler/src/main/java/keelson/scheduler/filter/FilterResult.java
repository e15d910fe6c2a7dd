package keelson.scheduler.filter;

import java.util.List;

/**
 * A filter's verdict on one node.
 *
 * @param reasons why the pod does not fit, in kube-scheduler's words (empty when it fits)
 * @param unresolvable whether evicting pods could not help (kube-scheduler's
 *     UnschedulableAndUnresolvable), which decides the preemption part of the message
 */
public record FilterResult(List<String> reasons, boolean unresolvable) {
  public static final FilterResult FITS = new FilterResult(List.of(), false);

  /** Returns a failure that evicting other pods could fix (resources, ports). */
  public static FilterResult unschedulable(List<String> reasons) {
    return new FilterResult(List.copyOf(reasons), false);
  }

  /** Returns a failure that no eviction can fix (labels, taints, names). */
  public static FilterResult unresolvable(String reason) {
    return new FilterResult(List.of(reason), true);
  }

  /** Returns whether the pod fits. */
  public boolean fits() {
    return reasons.isEmpty();
  }
}
