package keelson.scheduler.filter;

import java.util.List;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;

/**
 * The filter chain in kube-scheduler's default order. A node's verdict is the first failing
 * filter's, so each node contributes the reasons of one filter only, as in the framework.
 */
public final class Filters {
  private static final List<Filter> STATIC = List.of(
      new NodeUnschedulable(), new NodeName(), new TaintToleration(), new NodeAffinity(),
      new NodePorts(), new NodeResourcesFit());

  private final List<Filter> chain;

  private Filters(List<Filter> chain) {
    this.chain = chain;
  }

  /** Returns the chain for a pod with these volume constraints. */
  public static Filters of(VolumeConstraints volumes) {
    if (volumes.nodeAffinities().isEmpty() && !volumes.missingVolume()) {
      return new Filters(STATIC);
    }
    List<Filter> chain = new java.util.ArrayList<>(STATIC);
    chain.add(new VolumeBinding(volumes));
    return new Filters(List.copyOf(chain));
  }

  /** Returns the chain for a pod without volume constraints. */
  public static Filters defaults() {
    return new Filters(STATIC);
  }

  /** Returns the first failing filter's verdict, or {@link FilterResult#FITS}. */
  public FilterResult run(PodInfo pod, NodeInfo node) {
    for (Filter filter : chain) {
      FilterResult result = filter.filter(pod, node);
      if (!result.fits()) {
        return result;
      }
    }
    return FilterResult.FITS;
  }
}
