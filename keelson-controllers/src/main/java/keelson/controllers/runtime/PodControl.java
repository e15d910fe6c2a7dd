package keelson.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.PodResource;

/**
 * Pod writes shared by the workload controllers' client actions (upstream's
 * {@code controller.PodControlInterface}): create, delete, and adopt or release by strategic
 * merge patch. Plain REST calls; errors propagate as fabric8's exceptions unless a method says
 * otherwise.
 */
public final class PodControl {
  private final KubernetesClient client;
  private final WriteOnlyClient writes;

  public PodControl(KubernetesClient client) {
    this.client = client;
    this.writes = new WriteOnlyClient(client);
  }

  /** POSTs a pod (generateName allowed) and returns it as created. */
  public Pod createPod(Pod pod) {
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
  }

  /**
   * POSTs a pod (generateName allowed) and returns only the name it got: the answer is not decoded
   * into a pod, which for a DaemonSet on thousands of nodes was a tenth of the cost of a creation.
   */
  public String createPodNamed(Pod pod) {
    return writes.createNamed(WriteOnlyClient.collection("", "v1", pod.getMetadata().getNamespace(), "pods"), pod);
  }

  /** DELETEs a pod (graceful for bound pods); returns false if it was already gone. */
  public boolean deletePod(Pod pod) {
    return !podResource(pod).delete().isEmpty();
  }

  /**
   * Makes {@code owner} the controller of an orphan pod. A pod that is gone or was replaced (its
   * uid changed) counts as done, see {@link OwnerPatches#apply}.
   *
   * @param ownerApiVersion and {@code ownerKind} name the owner in the reference
   */
  public void adoptPod(String ownerApiVersion, String ownerKind, HasMetadata owner, Pod pod) {
    OwnerPatches.apply(podResource(pod), OwnerPatches.adopt(ownerApiVersion, ownerKind, owner, pod));
  }

  /** Removes {@code owner}'s reference from a pod it no longer selects; a gone or replaced pod counts as done. */
  public void releasePod(HasMetadata owner, Pod pod) {
    OwnerPatches.apply(podResource(pod), OwnerPatches.release(owner, pod));
  }

  private PodResource podResource(Pod pod) {
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
  }
}
