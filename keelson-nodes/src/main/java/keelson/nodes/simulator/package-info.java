/**
 * The simulated kubelets: {@link keelson.nodes.simulator.NodeSimulator} registers and adopts Nodes,
 * renews their Leases and posts their status; {@link keelson.nodes.simulator.PodSimulator} walks
 * bound pods through {@link keelson.nodes.pods.PodLifecycle}. Both reconcile one key at a time and
 * say when to look again, so one timer queue serves every node and pod.
 */
package keelson.nodes.simulator;
