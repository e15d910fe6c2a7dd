package keelson.scheduler.filter;

import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/** A pod that names its node ({@code spec.nodeName}) fits only that node, as kube-scheduler's NodeName. */
public final class NodeName implements Filter {
  public static final String REASON = "node(s) didn't match the requested node name";

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    String wanted = pod.nodeName();
    return wanted == null || wanted.equals(node.name()) ? FilterResult.FITS : FilterResult.unresolvable(REASON);
  }
}
