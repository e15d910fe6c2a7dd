package keelson.nodes.ipam;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers which pod holds which IP on each Node between the moment an address is chosen and the
 * moment the watch shows it on the pod, so two pods started together never share an address.
 * Thread-safe.
 */
public final class PodIpRegistry {
  private final Map<String, Map<String, String>> ipsByNode = new HashMap<>();

  /**
   * Returns the IP already held by {@code podUid} on the node, else the lowest address free both in
   * {@code observedInUse} (IPs the cache shows on other live pods of the node) and here.
   */
  public synchronized Optional<String> allocate(String node, String podCidr, String podUid,
      Set<String> observedInUse) {
    Map<String, String> held = ipsByNode.computeIfAbsent(node, n -> new HashMap<>());
    String existing = held.get(podUid);
    if (existing != null && Ipv4.contains(podCidr, existing)) {
      return Optional.of(existing);
    }
    Set<String> taken = new HashSet<>(observedInUse);
    taken.addAll(held.values());
    Optional<String> ip = PodIps.lowestFree(podCidr, taken);
    ip.ifPresent(address -> held.put(podUid, address));
    return ip;
  }

  /** Records an address the cache shows on a live pod (after a restart, for example). */
  public synchronized void observe(String node, String podUid, String ip) {
    ipsByNode.computeIfAbsent(node, n -> new HashMap<>()).put(podUid, ip);
  }

  /** Frees the address of a pod that ended or is gone. */
  public synchronized void release(String node, String podUid) {
    Map<String, String> held = ipsByNode.get(node);
    if (held != null) {
      held.remove(podUid);
      if (held.isEmpty()) {
        ipsByNode.remove(node);
      }
    }
  }

  /** Forgets every address on a deleted Node. */
  public synchronized void releaseNode(String node) {
    ipsByNode.remove(node);
  }
}
