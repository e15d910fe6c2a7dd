package keelson.scheduler.score;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;
import keelson.scheduler.filter.Taints;

/**
 * Prefers nodes with fewer {@code PreferNoSchedule} taints the pod does not tolerate, as
 * kube-scheduler's TaintToleration score (only tolerations with no effect or PreferNoSchedule count).
 */
public final class TaintPreference implements Scorer {

  @Override
  public int weight() {
    return 3;
  }

  @Override
  public long[] score(PodInfo pod, List<NodeInfo> nodes) {
    List<Toleration> tolerations = new ArrayList<>(0);
    for (Toleration t : pod.tolerations()) {
      if (t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect())) {
        tolerations.add(t);
      }
    }
    long[] raw = new long[nodes.size()];
    for (int i = 0; i < raw.length; i++) {
      for (Taint taint : nodes.get(i).taints()) {
        if ("PreferNoSchedule".equals(taint.getEffect()) && !Taints.tolerates(tolerations, taint)) {
          raw[i]++;
        }
      }
    }
    return Scorer.normalize(raw, true);
  }
}
