package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Pod;

/** One pod-level step a DaemonSet plan asks for. */
public sealed interface PodAction permits PodAction.CreatePod, PodAction.DeletePod {

  /** Create {@code pod} (already built by {@link DaemonPods#newPod}) for {@code nodeName}. */
  record CreatePod(String nodeName, Pod pod) implements PodAction {}

  /** Delete {@code pod}, which targets {@code nodeName} (may be null), for {@code reason}. */
  record DeletePod(Pod pod, String nodeName, DeleteReason reason) implements PodAction {
    public String name() {
      return pod.getMetadata().getName();
    }
  }

  /** Why a daemon pod is deleted; FAILED and SUCCEEDED come with an event and (FAILED) back-off. */
  enum DeleteReason {
    FAILED, SUCCEEDED, DUPLICATE, SHOULD_NOT_RUN, NODE_GONE, ROLLING_UPDATE, SURGE_REPLACED
  }
}
