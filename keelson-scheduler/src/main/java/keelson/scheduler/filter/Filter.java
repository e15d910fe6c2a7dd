package keelson.scheduler.filter;

import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/** One check of whether a pod may run on a node; pure, reads the node's usage without changing it. */
@FunctionalInterface
public interface Filter {

  /** Returns whether the pod fits the node, and if not, why. */
  FilterResult filter(PodInfo pod, NodeInfo node);
}
