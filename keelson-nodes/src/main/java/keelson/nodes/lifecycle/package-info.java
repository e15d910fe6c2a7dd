/**
 * The node lifecycle controller: a Node whose kubelet stops heartbeating goes Unknown after the
 * grace period, conditions become taints ({@code node.kubernetes.io/unreachable}, {@code not-ready},
 * {@code unschedulable}), and pods that do not tolerate a NoExecute taint are evicted.
 * {@link keelson.nodes.lifecycle.NodeLifecyclePlanner} and
 * {@link keelson.nodes.lifecycle.TaintEvictionPlanner} decide; the controller acts.
 */
package keelson.nodes.lifecycle;
