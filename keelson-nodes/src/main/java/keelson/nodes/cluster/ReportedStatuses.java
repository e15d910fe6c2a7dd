package keelson.nodes.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The pod statuses a simulated kubelet reported last, with the JSON trees they were sent from. A
 * status patch is the difference between the status as seen and the one reported now, both as
 * trees; the status seen is nearly always the one reported last, so its tree is reused when the two
 * are equal instead of serializing the model again (a third of the simulated kubelet's CPU went to
 * those conversions). Equality needs the kubelet to build statuses as decoding would (an empty list,
 * not null), which PodLifecycleTest checks. A bounded, least recently used memory: a pod needs its
 * entry only between two quick steps of its start or stop, and a stale or missing entry, or a status
 * that differs, only costs the conversion.
 */
final class ReportedStatuses {
  private final Map<String, Reported> byUid;

  private record Reported(PodStatus status, ObjectNode tree) {}

  ReportedStatuses(int capacity) {
    this.byUid = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Reported> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Returns the tree of {@code seen}, the pod's status as the informer has it: the tree reported
   * last for this pod if that status equals it, else {@code toTree} of it. Trees handed out are
   * shared: never mutate them.
   */
  ObjectNode treeOf(String uid, PodStatus seen, Function<PodStatus, ObjectNode> toTree) {
    Reported last;
    synchronized (byUid) {
      last = byUid.get(uid);
    }
    if (last != null && last.status().equals(seen)) {
      return last.tree();
    }
    return toTree.apply(seen);
  }

  /** Remembers what was reported for a pod; neither argument may be changed afterwards. */
  void reported(String uid, PodStatus status, ObjectNode tree) {
    synchronized (byUid) {
      byUid.put(uid, new Reported(status, tree));
    }
  }
}
