package keelson.nodes.podgc;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decides which pods pod GC removes ({@code pkg/controller/podgc/gc_controller.go}). Pure. */
public final class PodGcPlanner {
  private PodGcPlanner() {}

  /**
   * A pod to force-delete.
   *
   * @param markFailed whether to first set phase Failed and a DisruptionTarget condition (pods
   *     that had not finished)
   */
  public record Collect(Pod pod, boolean markFailed) {}

  /**
   * Returns since when each node referenced by a pod has been missing: carried over from
   * {@code previous}, {@code now} for newly missing ones; nodes that exist are dropped.
   */
  public static Map<String, Instant> absences(Map<String, Instant> previous, List<Pod> pods, Set<String> nodes,
      Instant now) {
    Map<String, Instant> next = new HashMap<>();
    for (Pod pod : pods) {
      String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      if (nodeName == null || nodeName.isEmpty() || nodes.contains(nodeName)) {
        continue;
      }
      next.put(nodeName, previous.getOrDefault(nodeName, now));
    }
    return next;
  }

  /**
   * Returns the pods to collect: those on a node missing for at least {@code quarantine}, and
   * terminating pods that were never bound.
   */
  public static List<Collect> plan(List<Pod> pods, Map<String, Instant> absentSince, Instant now, Duration quarantine) {
    List<Collect> result = new ArrayList<>();
    for (Pod pod : pods) {
      String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      if (nodeName == null || nodeName.isEmpty()) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          result.add(new Collect(pod, false));
        }
        continue;
      }
      Instant since = absentSince.get(nodeName);
      if (since != null && !now.isBefore(since.plus(quarantine))) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        result.add(new Collect(pod, !"Succeeded".equals(phase) && !"Failed".equals(phase)));
      }
    }
    return result;
  }
}
