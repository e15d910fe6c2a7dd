package keelson.nodes.ipam;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pod addresses in use on each Node: those the watch shows on live pods ({@link #observe}, fed
 * from pod events) and those chosen here and not yet seen on the pod, so two pods started together
 * never share an address. Kept per node and updated incrementally, so choosing an address never
 * looks at the node's other pods. Thread-safe.
 */
public final class PodIpRegistry {
  /** One node's addresses: by pod uid, and how many pods hold each (two only if set from outside). */
  private static final class NodeIps {
    /** Past this many addresses in a range, the free one is searched without an index. */
    private static final int MAX_INDEXED = 1 << 16;

    final Map<String, String> byPod = new HashMap<>();
    final Map<String, Integer> holders = new HashMap<>();
    /**
     * The held addresses of the range last allocated from, as bits by offset from its network
     * address: finding the lowest free one is then one scan of a few words, not a formatted and
     * hashed candidate per address held (with 60 pods a node, 3 % of the server's CPU).
     */
    private String indexedCidr;
    private long indexedNetwork;
    private int indexedSize;
    private BitSet held;

    void put(String podUid, String ip) {
      String before = byPod.put(podUid, ip);
      if (ip.equals(before)) {
        return;
      }
      if (before != null) {
        drop(before);
      }
      if (holders.merge(ip, 1, Integer::sum) == 1) {
        mark(ip, true);
      }
    }

    void remove(String podUid) {
      String ip = byPod.remove(podUid);
      if (ip != null) {
        drop(ip);
      }
    }

    private void drop(String ip) {
      if (holders.merge(ip, -1, Integer::sum) <= 0) {
        holders.remove(ip);
        mark(ip, false);
      }
    }

    /** Returns the lowest address of {@code podCidr} no pod of this node holds (see PodIps.lowestFree). */
    Optional<String> lowestFree(String podCidr) {
      if (!podCidr.equals(indexedCidr)) {
        long size = 1L << (32 - Ipv4.prefix(podCidr));
        if (size > MAX_INDEXED) {
          return PodIps.lowestFree(podCidr, holders.keySet());
        }
        indexedCidr = podCidr;
        indexedNetwork = Ipv4.network(podCidr);
        indexedSize = (int) size;
        held = new BitSet(indexedSize);
        holders.keySet().forEach(ip -> mark(ip, true));
      }
      int offset = held.nextClearBit(2); // .0 is the network, .1 the bridge gateway
      return offset < indexedSize - 1 ? Optional.of(Ipv4.format(indexedNetwork + offset)) : Optional.empty();
    }

    private void mark(String ip, boolean taken) {
      if (held == null) {
        return;
      }
      long offset;
      try {
        offset = Ipv4.parse(ip) - indexedNetwork;
      } catch (IllegalArgumentException e) {
        return; // not an IPv4 address: it cannot collide with one chosen here
      }
      if (offset >= 0 && offset < indexedSize) {
        held.set((int) offset, taken);
      }
    }
  }

  private final Map<String, NodeIps> ipsByNode = new HashMap<>();

  /**
   * Returns the IP already held by {@code podUid} on the node, else the lowest address of
   * {@code podCidr} that no other pod of the node holds, which is then held for this pod.
   */
  public synchronized Optional<String> allocate(String node, String podCidr, String podUid) {
    NodeIps ips = ipsByNode.computeIfAbsent(node, n -> new NodeIps());
    String existing = ips.byPod.get(podUid);
    if (existing != null && Ipv4.contains(podCidr, existing)) {
      return Optional.of(existing);
    }
    Optional<String> ip = ips.lowestFree(podCidr);
    ip.ifPresent(address -> ips.put(podUid, address));
    return ip;
  }

  /** Records an address the watch shows on a live pod (including after a restart). */
  public synchronized void observe(String node, String podUid, String ip) {
    ipsByNode.computeIfAbsent(node, n -> new NodeIps()).put(podUid, ip);
  }

  /** Frees the address of a pod that ended or is gone. */
  public synchronized void release(String node, String podUid) {
    NodeIps ips = ipsByNode.get(node);
    if (ips != null) {
      ips.remove(podUid);
      if (ips.byPod.isEmpty()) {
        ipsByNode.remove(node);
      }
    }
  }

  /** Forgets every address on a deleted Node. */
  public synchronized void releaseNode(String node) {
    ipsByNode.remove(node);
  }
}
