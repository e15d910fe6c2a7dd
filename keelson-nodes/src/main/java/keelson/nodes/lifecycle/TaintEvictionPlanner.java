package keelson.nodes.lifecycle;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import keelson.nodes.Times;

/**
 * Decides when a pod on a Node with NoExecute taints is evicted, as the taint eviction controller
 * does ({@code pkg/controller/tainteviction/taint_eviction.go}): at once if some taint is not
 * tolerated, after the smallest {@code tolerationSeconds} of the matching tolerations, never if they
 * tolerate forever. Pure.
 */
public final class TaintEvictionPlanner {
  private TaintEvictionPlanner() {}

  /**
   * Returns when to evict {@code pod}, or empty to leave it.
   *
   * <p>Two additions make the result what a real cluster shows: a pod without a toleration for the
   * not-ready/unreachable NoExecute taints gets {@code defaultToleration} for them (Kubernetes'
   * DefaultTolerationSeconds admission plugin adds 300 s to every pod), and a DaemonSet pod
   * tolerates them forever (the DaemonSet controller adds such tolerations).
   */
  public static Optional<Instant> evictionTime(Pod pod, List<Taint> nodeTaints, Instant now,
      Duration defaultToleration) {
    if (pod.getMetadata().getDeletionTimestamp() != null || isTerminal(pod) || nodeTaints == null) {
      return Optional.empty();
    }
    List<Taint> noExecute = nodeTaints.stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
    if (noExecute.isEmpty()) {
      return Optional.empty();
    }
    boolean daemon = isDaemonPod(pod);
    List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
    Instant since = Instant.MIN;
    long seconds = Long.MAX_VALUE;
    for (Taint taint : noExecute) {
      boolean nodeHealth = NodeLifecyclePlanner.NOT_READY.equals(taint.getKey())
          || NodeLifecyclePlanner.UNREACHABLE.equals(taint.getKey());
      Instant added = Objects.requireNonNullElse(Times.parse(taint.getTimeAdded()), now);
      since = added.isAfter(since) ? added : since;
      if (daemon && nodeHealth) {
        continue;
      }
      List<Toleration> matching = tolerations.stream().filter(t -> tolerates(t, taint)).toList();
      long taintSeconds;
      if (matching.isEmpty()) {
        if (!nodeHealth) {
          return Optional.of(now);
        }
        taintSeconds = defaultToleration.toSeconds();
      } else if (matching.stream().anyMatch(t -> t.getTolerationSeconds() == null)) {
        continue; // tolerated forever
      } else {
        taintSeconds = matching.stream().mapToLong(Toleration::getTolerationSeconds).min().orElseThrow();
      }
      seconds = Math.min(seconds, taintSeconds);
    }
    if (seconds == Long.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(since.plusSeconds(Math.max(0, seconds)));
  }

  /** Returns whether a toleration matches a taint (key, operator, value, effect). */
  public static boolean tolerates(Toleration toleration, Taint taint) {
    if (toleration.getEffect() != null && !toleration.getEffect().isEmpty()
        && !toleration.getEffect().equals(taint.getEffect())) {
      return false;
    }
    String key = toleration.getKey();
    if (key != null && !key.isEmpty() && !key.equals(taint.getKey())) {
      return false;
    }
    if ("Exists".equals(toleration.getOperator())) {
      return true;
    }
    if (key == null || key.isEmpty()) {
      return false; // an empty key only matches with operator Exists
    }
    return Objects.equals(Objects.requireNonNullElse(toleration.getValue(), ""),
        Objects.requireNonNullElse(taint.getValue(), ""));
  }

  /** Returns whether a pod is controlled by a DaemonSet. */
  public static boolean isDaemonPod(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream()
        .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && "DaemonSet".equals(o.getKind()));
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
