package keelson.scheduler.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;
import keelson.scheduler.cache.Resources;

/**
 * The pod's requests must fit what the node has left: allocatable minus the requests of the pods
 * bound or assumed there, and one more pod under its {@code pods} allocatable. Every shortage is a
 * reason, in kube-scheduler's NodeResourcesFit order: pods, cpu, memory, ephemeral-storage, then
 * extended resources. A resource the pod does not request is not checked.
 */
public final class NodeResourcesFit implements Filter {
  public static final String TOO_MANY_PODS = "Too many pods";

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    List<String> reasons = insufficient(pod.requests(), node);
    return reasons.isEmpty() ? FilterResult.FITS : FilterResult.unschedulable(reasons);
  }

  /** Returns the reasons these requests do not fit the node, empty when they fit. */
  public static List<String> insufficient(Resources request, NodeInfo node) {
    List<String> reasons = new ArrayList<>(0);
    if (node.podCount() + 1 > node.allowedPods()) {
      reasons.add(TOO_MANY_PODS);
    }
    if (request.isZero()) {
      return reasons;
    }
    Resources alloc = node.allocatable();
    Resources used = node.requested();
    if (request.milliCpu() > 0 && request.milliCpu() > alloc.milliCpu() - used.milliCpu()) {
      reasons.add("Insufficient cpu");
    }
    if (request.memory() > 0 && request.memory() > alloc.memory() - used.memory()) {
      reasons.add("Insufficient memory");
    }
    if (request.ephemeralStorage() > 0
        && request.ephemeralStorage() > alloc.ephemeralStorage() - used.ephemeralStorage()) {
      reasons.add("Insufficient ephemeral-storage");
    }
    for (Map.Entry<String, Long> e : request.scalar().entrySet()) {
      if (e.getValue() > 0 && e.getValue() > alloc.scalar(e.getKey()) - used.scalar(e.getKey())) {
        reasons.add("Insufficient " + e.getKey());
      }
    }
    return reasons;
  }
}
