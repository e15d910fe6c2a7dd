/**
 * The ReplicaSet controller: keeps {@code spec.replicas} active pods. {@link
 * keelson.controllers.replicaset.ReplicaSetPlanner} decides how many to create and which to delete
 * (the upstream ranking); {@link keelson.controllers.replicaset.ReplicaSetSync} acts through
 * {@link keelson.controllers.replicaset.ReplicaSetActions}; {@link
 * keelson.controllers.replicaset.ReplicaSetController} wires informers and the work queue.
 */
package keelson.controllers.replicaset;
