package keelson.nodes.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;

/**
 * The writes the node components make. Updates are optimistic (the object's resourceVersion); a
 * conflict or any other failure is thrown, and the caller's loop retries with back-off.
 */
public interface ClusterActions {
  /** Creates a Node; an existing one of that name is left as it is. */
  void createNode(Node node);

  /** Replaces a Node's metadata and spec. */
  void updateNode(Node node);

  /** Replaces a Node's status ({@code nodes/{name}/status}). */
  void updateNodeStatus(Node node);

  /** Creates or renews the node's Lease in {@code kube-node-lease}, owned by the Node. */
  void renewLease(Node node, Instant renewTime, int leaseDurationSeconds);

  /** Deletes a node's Lease if there is one. */
  void deleteLease(String nodeName);

  /** Replaces a Pod's status ({@code pods/{name}/status}), the pod's resourceVersion the precondition. */
  void updatePodStatus(Pod pod);

  /**
   * Reports a pod's new status as the kubelet does: a strategic merge patch of {@code
   * pods/{name}/status} from {@code pod}'s status to {@code status}, the pod's uid the precondition
   * (409 if the name now belongs to another pod, 404 if it is gone).
   */
  void patchPodStatus(Pod pod, PodStatus status);

  /**
   * Deletes a Pod; a missing Pod is not an error.
   *
   * @param gracePeriodSeconds 0 to remove the object at once, null for the pod's own grace period
   */
  void deletePod(Pod pod, Long gracePeriodSeconds);

  /**
   * Records an Event as the kubelet of {@code nodeName} does (source kubelet on that host), about a
   * reference that may name a part of the object ({@code fieldPath}). Best effort.
   */
  void kubeletEvent(String nodeName, ObjectReference reference, String type, String reason, String message);

  /** Records an Event about an object (best effort). */
  void event(HasMetadata object, String type, String reason, String message);
}
