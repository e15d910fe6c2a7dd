/**
 * The I/O port of the node components: {@link keelson.nodes.cluster.ClusterView} (what the
 * informers show) and {@link keelson.nodes.cluster.ClusterActions} (the few writes the simulator,
 * node lifecycle and pod GC make), with a fabric8 implementation of both.
 */
package keelson.nodes.cluster;
