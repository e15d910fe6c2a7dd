package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.List;
import java.util.Optional;

/**
 * The StatefulSet controller's only I/O: writes to pods, claims, revisions and the set's status,
 * one uncached read, and events. Every method either succeeds or throws
 * {@link io.fabric8.kubernetes.client.KubernetesClientException} carrying the API status code
 * (404 not found, 409 conflict or already exists, 422 invalid, ...), so policy code can tell
 * them apart whatever the implementation.
 */
public interface PodActions {

  /** Creates a pod (POST pods). */
  void createPod(Pod pod);

  /** Replaces a pod (PUT, optimistic on its resourceVersion). */
  void updatePod(Pod pod);

  /** Deletes a pod gracefully. */
  void deletePod(Pod pod);

  /** Creates a claim (POST persistentvolumeclaims). */
  void createClaim(PersistentVolumeClaim claim);

  /** Replaces a claim (PUT, optimistic on its resourceVersion). */
  void updateClaim(PersistentVolumeClaim claim);

  /** Creates a revision and returns it as stored. */
  ControllerRevision createRevision(ControllerRevision revision);

  /** Returns a revision read from the API (not the cache), if it exists. */
  Optional<ControllerRevision> getRevision(String namespace, String name);

  /** Replaces a revision (used to bump its revision number) and returns it as stored. */
  ControllerRevision updateRevision(ControllerRevision revision);

  /** Deletes a revision. */
  void deleteRevision(ControllerRevision revision);

  /** Writes the set's status subresource. */
  void updateStatus(StatefulSet set, StatefulSetStatus status);

  /** Returns the set as the API has it now (uncached), if it exists; used before adopting. */
  Optional<StatefulSet> getStatefulSet(String namespace, String name);

  /** Sets a pod's owner references (adoption and release). */
  void setPodOwners(Pod pod, List<OwnerReference> ownerReferences);

  /** Sets a revision's owner references (adoption). */
  void setRevisionOwners(ControllerRevision revision, List<OwnerReference> ownerReferences);

  /** Records an event about the set ({@code type} is Normal or Warning). */
  void recordEvent(StatefulSet set, String type, String reason, String message);
}
