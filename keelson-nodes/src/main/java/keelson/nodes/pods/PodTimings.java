package keelson.nodes.pods;

import java.time.Duration;

/**
 * How long each simulated step takes, measured from the previous status write.
 *
 * @param containerCreating from binding to the ContainerCreating status
 * @param containersStarted from ContainerCreating to Running (sandbox, IP, containers started)
 */
public record PodTimings(Duration containerCreating, Duration containersStarted, Duration containersStopping) {

  /**
   * Small start-up delays that still give every step its own status write (0 ms, then 10 ms), and
   * 1.5 s for containers to stop after a graceful delete. A real kubelet takes about that long; a
   * faster stop lets the StatefulSet controller recreate the same name before {@code kubectl
   * delete} starts waiting, and kubectl then waits forever for a deletion it already missed. (The
   * request time is known to the second only, so the stop comes 0.5 to 1.5 s after it.)
   */
  public static PodTimings defaults() {
    return new PodTimings(Duration.ZERO, Duration.ofMillis(10), Duration.ofMillis(1500));
  }

  /** No delays at all (simulation tests). */
  public static PodTimings immediate() {
    return new PodTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }
}
