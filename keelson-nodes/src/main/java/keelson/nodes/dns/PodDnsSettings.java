package keelson.nodes.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulated kubelets' DNS flags.
 *
 * @param podsDir where each pod's {@code <uid>.resolv.conf} goes, or null for none
 * @param clusterDns kubelet's {@code --cluster-dns}: the kube-dns Service address
 * @param clusterDomain kubelet's {@code --cluster-domain}
 * @param nodeResolvConf kubelet's {@code --resolv-conf}: the node's own resolver, or null for none
 */
public record PodDnsSettings(Path podsDir, String clusterDns, String clusterDomain, Path nodeResolvConf) {
  /** kube-dns as Keelson creates it: the tenth address of the service CIDR 10.96.0.0/12. */
  public static final String KUBE_DNS_IP = "10.96.0.10";

  /** Writes no files (unit tests and simulations without a data directory). */
  public static PodDnsSettings none() {
    return new PodDnsSettings(null, KUBE_DNS_IP, "cluster.local", null);
  }

  /** The writer for these settings; the node's resolv.conf is read once, now (missing: empty). */
  public PodResolvConfs open() {
    ResolverConfig node = ResolverConfig.none();
    if (nodeResolvConf != null && Files.isReadable(nodeResolvConf)) {
      try {
        node = ResolverConfig.parse(Files.readString(nodeResolvConf));
      } catch (IOException e) {
        // an unreadable host resolver reads as none, as a missing one does
      }
    }
    return new PodResolvConfs(podsDir, clusterDns, clusterDomain, node);
  }
}
