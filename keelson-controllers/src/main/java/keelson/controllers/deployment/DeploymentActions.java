package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Optional;

/**
 * The Deployment controller's only I/O. Methods throw a RuntimeException when the API refuses;
 * {@link Conflict} when an object changed since it was read (the sync is retried from the cache).
 */
public interface DeploymentActions {
  /** A write refused because the object was not the version read (409), or already exists on create. */
  final class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message, null, false, false);
    }
  }

  /** POSTs a ReplicaSet and returns it as created; throws {@link Conflict} if the name is taken. */
  ReplicaSet createReplicaSet(ReplicaSet rs);

  /** PUTs a ReplicaSet carrying the resourceVersion it was read at; returns it as stored. */
  ReplicaSet updateReplicaSet(ReplicaSet rs);

  /** DELETEs a ReplicaSet (its pods go by the garbage collector); a missing one counts as done. */
  void deleteReplicaSet(ReplicaSet rs);

  /** Reads a ReplicaSet from the API, not the cache. */
  Optional<ReplicaSet> readReplicaSet(String namespace, String name);

  /** Adds {@code d} as the controller of an orphan ReplicaSet. */
  void adoptReplicaSet(Deployment d, ReplicaSet rs);

  /** Removes {@code d}'s controller reference from a ReplicaSet it no longer selects. */
  void releaseReplicaSet(Deployment d, ReplicaSet rs);

  /** Reads the deployment from the API, not the cache. */
  Optional<Deployment> readDeployment(String namespace, String name);

  /** Sets the deployment's revision annotation; returns the deployment as stored. */
  Deployment annotateRevision(Deployment d, String revision);

  /** Writes the status subresource with {@code d}'s resourceVersion. */
  void updateStatus(Deployment d, DeploymentStatus status);

  void event(Deployment d, String type, String reason, String message);
}
