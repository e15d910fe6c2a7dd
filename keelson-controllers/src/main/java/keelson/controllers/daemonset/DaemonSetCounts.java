package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.util.Objects;

/** The counters of a DaemonSet's status (§2.8), computed by the planner. */
public record DaemonSetCounts(int desired, int current, int misscheduled, int ready, int updated, int available,
    int unavailable) {

  /**
   * Returns whether {@code status} already carries these counters (omitted fields read as 0).
   */
  public boolean sameAs(DaemonSetStatus status) {
    return status != null && desired == n(status.getDesiredNumberScheduled())
        && current == n(status.getCurrentNumberScheduled()) && misscheduled == n(status.getNumberMisscheduled())
        && ready == n(status.getNumberReady()) && updated == n(status.getUpdatedNumberScheduled())
        && available == n(status.getNumberAvailable()) && unavailable == n(status.getNumberUnavailable());
  }

  /**
   * Writes the counters into {@code status}; the fields that are omitempty upstream are left out
   * (null) when 0.
   */
  public void applyTo(DaemonSetStatus status) {
    status.setDesiredNumberScheduled(desired);
    status.setCurrentNumberScheduled(current);
    status.setNumberMisscheduled(misscheduled);
    status.setNumberReady(ready);
    status.setUpdatedNumberScheduled(omitZero(updated));
    status.setNumberAvailable(omitZero(available));
    status.setNumberUnavailable(omitZero(unavailable));
  }

  private static Integer omitZero(int value) {
    return value == 0 ? null : value;
  }

  private static int n(Integer value) {
    return Objects.requireNonNullElse(value, 0);
  }
}
