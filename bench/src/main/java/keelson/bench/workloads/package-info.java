/**
 * Bounded load programs for the workload path: pods created through scheduling to Running, Parallel
 * and OrderedReady StatefulSets, DaemonSets on many simulated nodes, and the idle cost of many
 * nodes, each against a {@code ./keelson server} child process. See bench/README.md.
 */
package keelson.bench.workloads;
