package keelson.nodes.pods;

import java.time.Duration;

/**
 * How long each simulated step takes, measured from the previous status write.
 *
 * @param containerCreating from binding to the ContainerCreating status
 * @param containersStarted from ContainerCreating to Running (sandbox, IP, containers started)
 */
public record PodTimings(Duration containerCreating, Duration containersStarted) {

  /** Small delays that still give every step its own status write: 0 ms, then 10 ms. */
  public static PodTimings defaults() {
    return new PodTimings(Duration.ZERO, Duration.ofMillis(10));
  }

  /** No delays at all (simulation tests). */
  public static PodTimings immediate() {
    return new PodTimings(Duration.ZERO, Duration.ZERO);
  }
}
