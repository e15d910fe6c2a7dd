package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.util.Optional;

/**
 * The DaemonSet controller's only I/O. Methods throw a RuntimeException when the API refuses; a
 * missing object on delete, release or adoption counts as done.
 */
public interface DaemonSetActions {
  /** POSTs a pod (generateName) and returns it as created. */
  String createPod(Pod pod);

  /** DELETEs a pod (graceful for bound pods); returns false if it was already gone. */
  boolean deletePod(Pod pod);

  /** Adds {@code ds} as the controller of an orphan pod. */
  void adoptPod(DaemonSet ds, Pod pod);

  /** Removes {@code ds}'s controller reference from a pod it no longer selects. */
  void releasePod(DaemonSet ds, Pod pod);

  /** Reads the DaemonSet from the API, not the cache. */
  Optional<DaemonSet> readDaemonSet(String namespace, String name);

  /** Creates a revision; returns false if one with that name already exists. */
  boolean createRevision(ControllerRevision revision);

  Optional<ControllerRevision> readRevision(String namespace, String name);

  void updateRevision(ControllerRevision revision);

  void deleteRevision(ControllerRevision revision);

  void adoptRevision(DaemonSet ds, ControllerRevision revision);

  void releaseRevision(DaemonSet ds, ControllerRevision revision);

  /** Writes the status subresource (retrying once on a conflict with the fresh object). */
  void updateStatus(DaemonSet ds, DaemonSetStatus status);

  /** Records an event about the DaemonSet. */
  void event(DaemonSet ds, String type, String reason, String message);
}
