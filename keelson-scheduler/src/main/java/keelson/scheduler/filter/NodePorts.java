package keelson.scheduler.filter;

import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/** The pod's host ports must be free on the node, as kube-scheduler's NodePorts. */
public final class NodePorts implements Filter {
  public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    if (pod.hostPorts().isEmpty() || !node.hasPortConflict(pod.hostPorts())) {
      return FilterResult.FITS;
    }
    return FilterResult.unschedulable(java.util.List.of(REASON));
  }
}
