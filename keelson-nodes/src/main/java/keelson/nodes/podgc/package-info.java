/**
 * Pod garbage collection: pods bound to a Node that has been gone for the quarantine period are
 * marked Failed with a DisruptionTarget condition and force-deleted, as kube-controller-manager's
 * podgc does every 20 s. {@link keelson.nodes.podgc.PodGcPlanner} decides.
 */
package keelson.nodes.podgc;
