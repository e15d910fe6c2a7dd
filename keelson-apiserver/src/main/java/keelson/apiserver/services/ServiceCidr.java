package keelson.apiserver.services;

import java.util.Optional;

/**
 * An IPv4 service range such as {@code 10.96.0.0/12}. Its usable addresses exclude the network and
 * broadcast addresses; offsets count from the first usable one. The lowest offsets form the
 * "static" band that dynamic allocation avoids while the rest has room: {@code min(max(16,
 * size/16), 256)} addresses, as kube-apiserver sizes it.
 */
public final class ServiceCidr {
  private final String text;
  private final long network;
  private final long size;

  private ServiceCidr(String text, long network, long size) {
    this.text = text;
    this.network = network;
    this.size = size;
  }

  /** Parses {@code a.b.c.d/n}; the address is masked to the network. */
  public static ServiceCidr parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR: " + cidr);
    }
    int bits = Integer.parseInt(cidr.substring(slash + 1));
    if (bits < 8 || bits > 30) {
      throw new IllegalArgumentException("service CIDR prefix must be between /8 and /30: " + cidr);
    }
    long address = toLong(cidr.substring(0, slash))
        .orElseThrow(() -> new IllegalArgumentException("not an IPv4 CIDR: " + cidr));
    long size = 1L << (32 - bits);
    long network = address & ~(size - 1) & 0xFFFFFFFFL;
    return new ServiceCidr(toText(network) + "/" + bits, network, size);
  }

  /** Returns the number of usable addresses (without network and broadcast). */
  public long usable() {
    return size - 2;
  }

  /** Returns the size of the lower, static band. */
  public long staticBand() {
    return Math.min(Math.max(16, size / 16), 256);
  }

  /** Returns the usable address at an offset: 0 is the first address after the network's. */
  public String address(long offset) {
    if (offset < 0 || offset >= usable()) {
      throw new IllegalArgumentException("offset " + offset + " outside " + text);
    }
    return toText(network + 1 + offset);
  }

  /** Returns the offset of a usable address, or empty when it is not one of this range's. */
  public Optional<Long> offset(String ip) {
    return toLong(ip).map(value -> value - network - 1).filter(o -> o >= 0 && o < usable());
  }

  @Override
  public String toString() {
    return text;
  }

  /** Parses a dotted IPv4 address in canonical form. */
  static Optional<Long> toLong(String ip) {
    String[] parts = ip.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    long value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        return Optional.empty();
      }
      value = value << 8 | octet;
    }
    return Optional.of(value);
  }

  static String toText(long value) {
    return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
  }
}
