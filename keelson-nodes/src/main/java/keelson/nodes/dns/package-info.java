/**
 * The simulated kubelet's DNS configurer: {@link keelson.nodes.dns.ResolverConfig} computes the
 * resolv.conf kubelet gives a pod for its {@code dnsPolicy} and {@code dnsConfig} (ClusterFirst:
 * kube-dns, the namespace search path, {@code ndots:5}); {@link keelson.nodes.dns.PodResolvConfs}
 * writes it under the data directory for every pod whose sandbox runs, and removes it when the pod
 * goes.
 */
package keelson.nodes.dns;
