/**
 * What clients inside pods see: {@link keelson.dns.resolver.ResolverConfig}, the resolv.conf
 * kubelet computes for a pod's {@code dnsPolicy} (ClusterFirst: kube-dns, the namespace search
 * path, {@code ndots:5}). Pure; nothing in Keelson writes it into pods yet.
 */
package keelson.dns.resolver;
