/**
 * The Deployment controller: rolls a pod template out through ReplicaSets. {@link
 * keelson.controllers.deployment.DeploymentPlanner}, {@link keelson.controllers.deployment.DeploymentRevisions}
 * and {@link keelson.controllers.deployment.DeploymentStatuses} hold the arithmetic; {@link
 * keelson.controllers.deployment.RolloutPlanner} plans one sync; {@link
 * keelson.controllers.deployment.DeploymentSync} acts through {@link
 * keelson.controllers.deployment.DeploymentActions}; {@link
 * keelson.controllers.deployment.DeploymentController} wires informers and the work queue.
 */
package keelson.controllers.deployment;
