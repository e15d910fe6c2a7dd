/**
 * IP address management: pod CIDRs for Nodes (one /24 each, in registration order, as the
 * nodeipam range allocator does) and pod IPs from a Node's CIDR. No I/O: callers observe the
 * cluster and write the results.
 */
package keelson.nodes.ipam;
