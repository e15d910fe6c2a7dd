package keelson.nodes.ipam;

/** IPv4 addresses as unsigned ints, and CIDR notation. */
public final class Ipv4 {
  private Ipv4() {}

  /** Parses dotted-quad notation. */
  public static long parse(String address) {
    String[] parts = address.split("\\.");
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + address);
    }
    long value = 0;
    for (String part : parts) {
      int octet = Integer.parseInt(part);
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + address);
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  /** Formats an address in dotted-quad notation. */
  public static String format(long address) {
    return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
        + (address & 255);
  }

  /** Returns the network address of a CIDR such as {@code 10.244.1.0/24}. */
  public static long network(String cidr) {
    return parse(cidr.substring(0, cidr.indexOf('/'))) & mask(prefix(cidr));
  }

  /** Returns the prefix length of a CIDR. */
  public static int prefix(String cidr) {
    int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("bad prefix: " + cidr);
    }
    return prefix;
  }

  /** Returns whether an address lies inside a CIDR. */
  public static boolean contains(String cidr, String address) {
    return (parse(address) & mask(prefix(cidr))) == network(cidr);
  }

  static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }
}
