/**
 * The Deployment controller's decisions: rollout arithmetic (fenceposts, how far the new
 * ReplicaSet scales up and the old ones down), ReplicaSet naming and revision annotations, and the
 * status with its Available and Progressing conditions. The informer wiring is not written yet.
 */
package keelson.controllers.deployment;
