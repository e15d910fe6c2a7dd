package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/** One ReplicaSet write a rollout step asks for; the executor switches over these exhaustively. */
public sealed interface RolloutAction {
  /** The ReplicaSet as it should be after the action. */
  ReplicaSet replicaSet();

  /** POST a new ReplicaSet (its spec.replicas is the size it starts at). */
  record CreateReplicaSet(ReplicaSet replicaSet) implements RolloutAction {}

  /**
   * PUT a ReplicaSet (with the cached resourceVersion, so a stale decision fails with a conflict):
   * its size, annotations or minReadySeconds; {@code fromReplicas} is the size before, for the
   * ScalingReplicaSet event.
   */
  record UpdateReplicaSet(ReplicaSet replicaSet, int fromReplicas) implements RolloutAction {}

  /** DELETE an old ReplicaSet beyond revisionHistoryLimit. */
  record DeleteReplicaSet(ReplicaSet replicaSet) implements RolloutAction {}
}
