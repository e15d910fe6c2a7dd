/**
 * The DaemonSet controller: one daemon pod per eligible node. {@link
 * keelson.controllers.daemonset.DaemonSetPlanner} decides (which nodes should run a pod, what to
 * create, delete and roll, and the status) without I/O; {@link
 * keelson.controllers.daemonset.DaemonSetSync} reconciles one set through the {@link
 * keelson.controllers.daemonset.DaemonSetActions} port; {@link
 * keelson.controllers.daemonset.DaemonSetController} wires informers and the work queue.
 */
package keelson.controllers.daemonset;
