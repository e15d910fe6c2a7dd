package keelson.nodes.ipam;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import keelson.nodes.Times;

/**
 * Decides each Node's pod CIDR: blocks already on Nodes are taken, Nodes without one get the next
 * free blocks in registration order (creation time, then name in natural order, so
 * {@code keelson-node-2} precedes {@code keelson-node-10}). A decision is remembered until the Node
 * shows it, so a slow watch never causes a second, different assignment. Thread-safe.
 *
 * <p>Incremental: the caller reports every Node as the watch delivers it ({@link #observe}, in the
 * watch's order) and every deletion ({@link #forget}); the allocator keeps the blocks in use, the
 * decisions and the Nodes still waiting in registration order, and parses a creationTimestamp only
 * when it first sees a Node. Finding a Node's CIDR costs a lookup, not a pass over all Nodes.
 */
public final class PodCidrAllocator {
  /** What the allocator knows of one Node: its identity, registration time and block, if any. */
  private record Known(String name, String uid, String createdText, Instant created, String podCidr) {
    boolean hasCidr() {
      return podCidr != null && !podCidr.isEmpty();
    }
  }

  private static final Comparator<Known> REGISTRATION_ORDER = Comparator
      .comparing((Known n) -> n.created() == null ? Instant.MAX : n.created())
      .thenComparing(Known::name, PodCidrAllocator::compareNatural)
      .thenComparing(Known::name); // node-02 and node-2 are equal by number, but two Nodes

  private final CidrPool pool;
  private final Map<String, Known> nodes = new HashMap<>();
  /** Nodes without a block and without a decision, in registration order. */
  private final TreeSet<Known> waiting = new TreeSet<>(REGISTRATION_ORDER);
  /** Blocks decided for Nodes whose update has not been seen yet, and the same the other way. */
  private final Map<String, String> decided = new HashMap<>();
  private final Map<String, String> decidedFor = new HashMap<>();
  /** How many known Nodes show each block (more than one only if someone else assigned it twice). */
  private final Map<String, Integer> holders = new HashMap<>();

  public PodCidrAllocator(CidrPool pool) {
    this.pool = pool;
  }

  /**
   * Records a Node as the watch shows it. A Node that already showed a block and now shows none is
   * an older copy delivered late (the API never clears a pod CIDR), so its block stays taken.
   */
  public synchronized void observe(String name, String uid, String creationTimestamp, String podCidr) {
    Known before = nodes.get(name);
    if (before != null && !Objects.equals(before.uid(), uid)) {
      forget(name); // deleted and created again under the same name
      before = null;
    }
    boolean hasCidr = podCidr != null && !podCidr.isEmpty();
    if (before != null && before.hasCidr() && (!hasCidr || before.podCidr().equals(podCidr))) {
      return;
    }
    Instant created = before != null && Objects.equals(before.createdText(), creationTimestamp) ? before.created()
        : Times.parse(creationTimestamp);
    Known now = new Known(name, uid, creationTimestamp, created, hasCidr ? podCidr : null);
    if (before != null) {
      waiting.remove(before);
      if (before.hasCidr()) {
        releaseHeld(before.podCidr());
      }
    }
    nodes.put(name, now);
    if (hasCidr) {
      holders.merge(podCidr, 1, Integer::sum);
      pool.markUsed(podCidr);
      String pending = undecide(name);
      if (pending != null && !pending.equals(podCidr) && !holders.containsKey(pending)) {
        pool.release(pending); // the Node got a block from elsewhere; ours is free again
      }
      String rival = decidedFor.get(podCidr);
      if (rival != null) {
        // Someone else gave this block to a Node while we meant it for another: decide again.
        undecide(rival);
        Known other = nodes.get(rival);
        if (other != null && !other.hasCidr()) {
          waiting.add(other);
        }
      }
    } else if (!decided.containsKey(name)) {
      waiting.add(now);
    }
  }

  /**
   * Decides blocks now, in the given order, for Nodes about to be created (the simulator's own), so
   * that they get their blocks in name order however their creations and watch events interleave.
   * Names already holding or decided a block keep it; stops when the pool is exhausted.
   */
  public synchronized void reserve(List<String> names) {
    for (String name : names) {
      Known known = nodes.get(name);
      if (decided.containsKey(name) || known != null && known.hasCidr()) {
        continue;
      }
      Optional<String> cidr = pool.allocate();
      if (cidr.isEmpty()) {
        return;
      }
      if (known != null) {
        waiting.remove(known);
      }
      decide(name, cidr.get());
    }
  }

  private void decide(String name, String cidr) {
    decided.put(name, cidr);
    decidedFor.put(cidr, name);
  }

  private String undecide(String name) {
    String cidr = decided.remove(name);
    if (cidr != null) {
      decidedFor.remove(cidr);
    }
    return cidr;
  }

  /** Returns whether a Node of this name has been observed and not forgotten. */
  public synchronized boolean knows(String name) {
    return nodes.containsKey(name);
  }

  /**
   * Returns the CIDR an observed {@code node} should get, or empty when the pool is exhausted (or the
   * node is unknown). Waiting Nodes get their blocks in registration order first.
   */
  public synchronized Optional<String> cidrFor(String node) {
    while (!waiting.isEmpty()) {
      Optional<String> cidr = pool.allocate();
      if (cidr.isEmpty()) {
        break;
      }
      decide(waiting.pollFirst().name(), cidr.get());
    }
    Known known = nodes.get(node);
    if (known != null && known.hasCidr()) {
      return Optional.of(known.podCidr());
    }
    return Optional.ofNullable(decided.get(node));
  }

  /** Returns the block's position in allocation order, or -1 if it is not one of the pool's. */
  public synchronized int indexOf(String cidr) {
    return pool.indexOf(cidr);
  }

  /** Frees the block (shown or only decided) of a deleted Node. */
  public synchronized void forget(String node) {
    Known known = nodes.remove(node);
    if (known != null) {
      waiting.remove(known);
      if (known.hasCidr()) {
        releaseHeld(known.podCidr());
      }
    }
    String pending = undecide(node);
    if (pending != null && !holders.containsKey(pending)) {
      pool.release(pending);
    }
  }

  private void releaseHeld(String cidr) {
    int left = holders.merge(cidr, -1, Integer::sum);
    if (left <= 0) {
      holders.remove(cidr);
      if (!decidedFor.containsKey(cidr)) {
        pool.release(cidr);
      }
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
