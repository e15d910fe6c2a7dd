package keelson.nodes.ipam;

import java.util.Optional;
import java.util.Set;

/** Chooses pod IPs inside a Node's pod CIDR. */
public final class PodIps {
  private PodIps() {}

  /**
   * Returns the lowest address of {@code podCidr} not in {@code inUse}, starting at {@code .2}
   * ({@code .1} is the bridge gateway) and never the network or broadcast address; empty when the
   * range is full.
   */
  public static Optional<String> lowestFree(String podCidr, Set<String> inUse) {
    long network = Ipv4.network(podCidr);
    long hosts = 1L << (32 - Ipv4.prefix(podCidr));
    for (long offset = 2; offset < hosts - 1; offset++) {
      String candidate = Ipv4.format(network + offset);
      if (!inUse.contains(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Returns the address {@code offset} places above a CIDR's network address. */
  public static String nth(String cidr, long offset) {
    return Ipv4.format(Ipv4.network(cidr) + offset);
  }
}
