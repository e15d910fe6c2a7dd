package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes each pod's deletion count once against expectations: a graceful deletion is seen first as
 * an update carrying a deletionTimestamp and later as the delete itself; counting both would
 * satisfy expectations for pods whose deletion was not observed yet (and let a rolling update
 * delete more than maxUnavailable). Upstream's ReplicaSet tracks UIDs for the same reason.
 */
public final class DeletionsSeen {
  private final Set<String> terminating = ConcurrentHashMap.newKeySet();

  /** Returns true the first time a pod is seen terminating (its deletion should be counted now). */
  public boolean terminatingSeen(Pod pod) {
    return terminating.add(pod.getMetadata().getUid());
  }

  /** Returns true if a deleted pod's deletion was not counted yet. */
  public boolean deletedSeen(Pod pod) {
    return !terminating.remove(pod.getMetadata().getUid());
  }
}
