/**
 * What a kubelet would report for a pod next: {@link keelson.nodes.pods.PodLifecycle} turns an
 * observed pod, its node and the time into one status step (ContainerCreating, Running, Ready,
 * restarts, termination). Pure; the simulator writes the steps.
 */
package keelson.nodes.pods;
