package keelson.nodes.pods;

import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;

/** The next thing the simulated kubelet does for a pod. */
public sealed interface PodStep {

  /** Nothing to do until the pod changes. */
  record Idle() implements PodStep {}

  /** Nothing to do now; look again at {@code at}. */
  record WaitUntil(Instant at) implements PodStep {}

  /**
   * Write this status through {@code pods/{name}/status}.
   *
   * @param step a short word for logs and tests: ContainerCreating, Running, Ready, Terminated, ...
   */
  record WriteStatus(PodStatus status, String step) implements PodStep {}

  /** Delete the pod object with grace period 0: its containers are gone. */
  record Delete() implements PodStep {}
}
