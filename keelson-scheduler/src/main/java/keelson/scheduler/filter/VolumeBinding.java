package keelson.scheduler.filter;

import io.fabric8.kubernetes.api.model.NodeSelector;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/**
 * A pod whose claims are bound to PersistentVolumes with node affinity fits only the nodes those
 * volumes can be reached from (such as a local-path volume's node), as kube-scheduler's VolumeBinding
 * filter for bound claims.
 */
public final class VolumeBinding implements Filter {
  public static final String CONFLICT_REASON = "node(s) had volume node affinity conflict";
  public static final String MISSING_VOLUME_REASON =
      "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

  private final VolumeConstraints constraints;

  public VolumeBinding(VolumeConstraints constraints) {
    this.constraints = constraints;
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    if (constraints.missingVolume()) {
      return FilterResult.unresolvable(MISSING_VOLUME_REASON);
    }
    for (NodeSelector affinity : constraints.nodeAffinities()) {
      if (!NodeSelectors.matches(affinity, node.labels(), node.name())) {
        return FilterResult.unresolvable(CONFLICT_REASON);
      }
    }
    return FilterResult.FITS;
  }
}
