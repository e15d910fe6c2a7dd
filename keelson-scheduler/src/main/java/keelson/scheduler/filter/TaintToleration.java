package keelson.scheduler.filter;

import io.fabric8.kubernetes.api.model.Taint;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/**
 * A node's {@code NoSchedule} and {@code NoExecute} taints must all be tolerated;
 * {@code PreferNoSchedule} only lowers the score. Mirrors kube-scheduler's TaintToleration filter,
 * which names the first untolerated taint.
 */
public final class TaintToleration implements Filter {

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    for (Taint taint : node.taints()) {
      String effect = taint.getEffect();
      if (("NoSchedule".equals(effect) || "NoExecute".equals(effect))
          && !Taints.tolerates(pod.tolerations(), taint)) {
        return FilterResult.unresolvable(reason(taint));
      }
    }
    return FilterResult.FITS;
  }

  /** Returns kube-scheduler's reason for an untolerated taint. */
  public static String reason(Taint taint) {
    return "node(s) had untolerated taint {" + taint.getKey() + ": "
        + (taint.getValue() == null ? "" : taint.getValue()) + "}";
  }
}
