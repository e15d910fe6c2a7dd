package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the planner sees of one DaemonSet: the set, every node, the daemon pods it controls (after
 * adoption and release), the current revision hash, and for nodes whose failed pods are in back-off
 * the remaining delay.
 */
public record DaemonSetObservation(
    DaemonSet daemonSet, List<Node> nodes, List<Pod> pods, String hash, Map<String, Duration> failedPodBackoff) {

  public DaemonSetObservation {
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    failedPodBackoff = Map.copyOf(failedPodBackoff);
  }

  /** An observation without back-off state. */
  public DaemonSetObservation(DaemonSet daemonSet, List<Node> nodes, List<Pod> pods, String hash) {
    this(daemonSet, nodes, pods, hash, Map.of());
  }
}
