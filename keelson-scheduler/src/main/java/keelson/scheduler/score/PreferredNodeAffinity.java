package keelson.scheduler.score;

import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.List;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;
import keelson.scheduler.filter.NodeSelectors;

/**
 * Prefers nodes matching more (by weight) of the pod's preferred node affinity terms, as
 * kube-scheduler's NodeAffinity score.
 */
public final class PreferredNodeAffinity implements Scorer {

  @Override
  public int weight() {
    return 2;
  }

  @Override
  public long[] score(PodInfo pod, List<NodeInfo> nodes) {
    long[] raw = new long[nodes.size()];
    if (pod.preferredAffinity().isEmpty()) {
      return raw;
    }
    for (int i = 0; i < raw.length; i++) {
      NodeInfo n = nodes.get(i);
      for (PreferredSchedulingTerm term : pod.preferredAffinity()) {
        if (term.getPreference() != null && term.getWeight() != null && term.getWeight() != 0
            && NodeSelectors.matches(term.getPreference(), n.labels(), n.name())) {
          raw[i] += term.getWeight();
        }
      }
    }
    return Scorer.normalize(raw, false);
  }
}
