package keelson.scheduler.bind;

import io.fabric8.kubernetes.api.model.Pod;

/** The scheduler's calls to the API server, its writes and one read. Blocking. */
public interface BindActions {

  /**
   * Returns whether a claim exists in storage, read from the API server rather than the informer:
   * for a pod whose claim the informer does not show (yet).
   */
  boolean claimStored(String namespace, String claim);

  /**
   * Binds a pod to a node through its {@code binding} subresource.
   *
   * @throws BindFailure with the HTTP status when the server refuses (409: already bound or being
   *     deleted, 404: gone)
   */
  void bind(Pod pod, String node);

  /** Writes the pod's {@code PodScheduled} condition (strategic merge, so other conditions stay). */
  void setCondition(Pod pod, PodConditions.Scheduled condition);

  /** Annotates a claim with {@code volume.kubernetes.io/selected-node}. */
  void selectNode(String namespace, String claim, String node);

  /** A write the server refused. */
  final class BindFailure extends RuntimeException {
    private final int code;

    public BindFailure(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    /** Returns the HTTP status code. */
    public int code() {
      return code;
    }
  }
}
