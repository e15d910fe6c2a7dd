package keelson.nodes.ipam;

import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands out /24 pod CIDRs from a cluster CIDR, lowest free block first, as kube-controller-manager's
 * range allocator does ({@code pkg/controller/nodeipam/ipam/range_allocator.go}).
 *
 * <p>Blocks are counted from {@code first}, wrapping around, so a pool wider than 10.244.0.0/16
 * (needed beyond 256 nodes) still starts at 10.244.0.0/24. Pure state: callers mark blocks they
 * observe on Nodes as used and release blocks of deleted Nodes. Not thread-safe.
 */
public final class CidrPool {
  private static final int BLOCK_PREFIX = 24;

  private final long base;
  private final int size;
  private final int firstOffset;
  private final BitSet used = new BitSet();

  /** Creates a pool over {@code clusterCidr} whose first block is the one holding {@code first}. */
  public CidrPool(String clusterCidr, String first) {
    int prefix = Ipv4.prefix(clusterCidr);
    if (prefix > BLOCK_PREFIX) {
      throw new IllegalArgumentException("cluster CIDR smaller than a /24: " + clusterCidr);
    }
    this.base = Ipv4.network(clusterCidr);
    this.size = 1 << (BLOCK_PREFIX - prefix);
    long firstNetwork = Ipv4.parse(first.contains("/") ? first.substring(0, first.indexOf('/')) : first);
    if (!Ipv4.contains(clusterCidr, Ipv4.format(firstNetwork))) {
      throw new IllegalArgumentException(first + " is outside " + clusterCidr);
    }
    this.firstOffset = (int) ((firstNetwork - base) >> 8);
  }

  /** Creates a pool over a cluster CIDR starting at its first block. */
  public CidrPool(String clusterCidr) {
    this(clusterCidr, clusterCidr);
  }

  /** Returns how many /24 blocks the pool holds. */
  public int capacity() {
    return size;
  }

  /** Marks a block used; returns false if it lies outside the pool or is not a /24. */
  public boolean markUsed(String cidr) {
    int index = indexOf(cidr);
    if (index < 0) {
      return false;
    }
    used.set(index);
    return true;
  }

  /** Releases a block (a deleted Node's). */
  public void release(String cidr) {
    int index = indexOf(cidr);
    if (index >= 0) {
      used.clear(index);
    }
  }

  /** Allocates the next free block in allocation order, or empty when the pool is exhausted. */
  public Optional<String> allocate() {
    int index = used.nextClearBit(0);
    if (index >= size) {
      return Optional.empty();
    }
    used.set(index);
    return Optional.of(cidrAt(index));
  }

  /**
   * Assigns blocks to Nodes in the given (registration) order, skipping none.
   *
   * @return node name to CIDR, for as many Nodes as there were free blocks
   */
  public Map<String, String> allocateAll(List<String> nodeNamesInOrder) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String name : nodeNamesInOrder) {
      Optional<String> cidr = allocate();
      if (cidr.isEmpty()) {
        break;
      }
      result.put(name, cidr.get());
    }
    return result;
  }

  /** Marks every block in {@code cidrs} used. */
  public void markAllUsed(Collection<String> cidrs) {
    cidrs.forEach(this::markUsed);
  }

  /**
   * Returns the position of a block in allocation order (0 for the first block), or -1 when it is
   * not one of the pool's blocks; used to derive a stable node address.
   */
  public int indexOf(String cidr) {
    try {
      if (Ipv4.prefix(cidr) != BLOCK_PREFIX) {
        return -1;
      }
      long network = Ipv4.network(cidr);
      long offset = (network - base) >> 8;
      if (network < base || offset >= size) {
        return -1;
      }
      return (int) Math.floorMod(offset - firstOffset, (long) size);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private String cidrAt(int index) {
    long offset = (index + firstOffset) % size;
    return Ipv4.format(base + (offset << 8)) + "/" + BLOCK_PREFIX;
  }
}
