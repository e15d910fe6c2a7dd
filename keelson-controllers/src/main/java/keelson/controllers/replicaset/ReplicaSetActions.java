package keelson.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.Optional;

/** The ReplicaSet controller's only I/O; methods throw a RuntimeException when the API refuses. */
public interface ReplicaSetActions {
  /** POSTs a pod (generateName) and returns it as created. */
  Pod createPod(Pod pod);

  /** DELETEs a pod; returns false if it was already gone. */
  boolean deletePod(Pod pod);

  void adoptPod(ReplicaSet rs, Pod pod);

  void releasePod(ReplicaSet rs, Pod pod);

  /** Reads the ReplicaSet from the API, not the cache. */
  Optional<ReplicaSet> readReplicaSet(String namespace, String name);

  /** Writes the status subresource (retrying once on a conflict with the fresh object). */
  void updateStatus(ReplicaSet rs, ReplicaSetStatus status);

  void event(ReplicaSet rs, String type, String reason, String message);
}
