/**
 * Simulated nodes, in the spirit of KWOK: Node objects that heartbeat, get pod CIDRs and run pods
 * through their lifecycle without containers, plus the node lifecycle and pod garbage collection
 * that react when nodes go away.
 */
package keelson.nodes;
