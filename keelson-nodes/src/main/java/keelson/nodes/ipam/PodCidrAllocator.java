package keelson.nodes.ipam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides each Node's pod CIDR: blocks already on Nodes are taken, Nodes without one get the next
 * free blocks in registration order (creation time, then name in natural order, so
 * {@code keelson-node-2} precedes {@code keelson-node-10}). A decision is remembered until the Node
 * shows it, so a slow watch never causes a second, different assignment. Thread-safe.
 */
public final class PodCidrAllocator {
  /** What the allocator needs to know of a Node. */
  public record NodeRecord(String name, Instant created, String podCidr) {}

  private static final Comparator<NodeRecord> REGISTRATION_ORDER = Comparator
      .comparing((NodeRecord n) -> n.created() == null ? Instant.MAX : n.created())
      .thenComparing(NodeRecord::name, PodCidrAllocator::compareNatural);

  private final CidrPool pool;
  private final Map<String, String> decided = new HashMap<>();

  public PodCidrAllocator(CidrPool pool) {
    this.pool = pool;
  }

  /**
   * Returns the CIDR {@code node} should get, given every Node currently known, or empty when the
   * pool is exhausted.
   */
  public synchronized Optional<String> cidrFor(String node, List<NodeRecord> nodes) {
    List<NodeRecord> pending = new ArrayList<>();
    for (NodeRecord n : nodes) {
      if (n.podCidr() != null && !n.podCidr().isEmpty()) {
        pool.markUsed(n.podCidr());
        decided.remove(n.name());
      } else if (!decided.containsKey(n.name())) {
        pending.add(n);
      }
    }
    pending.sort(REGISTRATION_ORDER);
    for (NodeRecord n : pending) {
      Optional<String> cidr = pool.allocate();
      if (cidr.isEmpty()) {
        break;
      }
      decided.put(n.name(), cidr.get());
    }
    return Optional.ofNullable(decided.get(node));
  }

  /** Returns the block's position in allocation order, or -1 if it is not one of the pool's. */
  public synchronized int indexOf(String cidr) {
    return pool.indexOf(cidr);
  }

  /** Frees the block of a deleted Node. */
  public synchronized void release(String node, String podCidr) {
    String pendingCidr = decided.remove(node);
    if (pendingCidr != null) {
      pool.release(pendingCidr);
    }
    if (podCidr != null) {
      pool.release(podCidr);
    }
  }

  /** Compares names so that embedded numbers sort by value ({@code node-2 < node-10}). */
  static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
