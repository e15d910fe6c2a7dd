package keelson.scheduler.filter;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/**
 * A cordoned node ({@code spec.unschedulable}) takes only pods that tolerate the
 * {@code node.kubernetes.io/unschedulable:NoSchedule} taint, as kube-scheduler's NodeUnschedulable.
 */
public final class NodeUnschedulable implements Filter {
  public static final String REASON = "node(s) were unschedulable";
  private static final Taint UNSCHEDULABLE = new TaintBuilder()
      .withKey("node.kubernetes.io/unschedulable").withEffect("NoSchedule").build();

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    if (!node.unschedulable() || Taints.tolerates(pod.tolerations(), UNSCHEDULABLE)) {
      return FilterResult.FITS;
    }
    return FilterResult.unresolvable(REASON);
  }
}
