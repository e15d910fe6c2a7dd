package keelson.dns.records;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.xbill.DNS.Address;

/** IP literals as DNS names use them: dashed labels and reverse names. Never resolves anything. */
public final class IpLiterals {
  private IpLiterals() {}

  /** Parses an IPv4 or IPv6 literal; null if it is not one. */
  public static InetAddress parse(String ip) {
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    int family = ip.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4;
    byte[] bytes = Address.toByteArray(ip, family);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * The endpoint label for an address without a hostname: dots (or colons) as dashes, and a
   * trailing {@code 0} when an IPv6 address ends in {@code ::} ({@code fd00::} → {@code fd00--0}).
   */
  public static String dashed(String ip) {
    String lower = ip.toLowerCase(Locale.ROOT);
    if (lower.contains(".")) {
      return lower.replace('.', '-');
    }
    String dashed = lower.replace(':', '-');
    return dashed.endsWith("-") ? dashed + "0" : dashed;
  }

  /**
   * The address of a pod label: four dash-separated parts without {@code --} are IPv4, anything
   * else is read as IPv6 with dashes for colons (the plugin's rule). Null if it is not an IP.
   */
  public static InetAddress fromDashed(String label) {
    long dashes = label.chars().filter(c -> c == '-').count();
    if (dashes == 3 && !label.contains("--")) {
      return parse(label.replace('-', '.'));
    }
    String v6 = label.replace('-', ':');
    return v6.indexOf(':') >= 0 ? parse(v6) : null;
  }

  /**
   * The address named by a complete reverse name ({@code 5.1.244.10.in-addr.arpa.} or 32 nibbles
   * under {@code ip6.arpa.}), lower case and absolute; null for partial or malformed names.
   */
  public static InetAddress fromReverse(String name) {
    String[] labels;
    if (name.endsWith(".in-addr.arpa.")) {
      labels = name.substring(0, name.length() - ".in-addr.arpa.".length()).split("\\.", -1);
      if (labels.length != 4) {
        return null;
      }
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        String l = labels[3 - i];
        if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(Character::isDigit)) {
          return null;
        }
        int v = Integer.parseInt(l);
        if (v > 255 || (l.length() > 1 && l.charAt(0) == '0')) {
          return null;
        }
        bytes[i] = (byte) v;
      }
      return byAddress(bytes);
    }
    if (name.endsWith(".ip6.arpa.")) {
      labels = name.substring(0, name.length() - ".ip6.arpa.".length()).split("\\.", -1);
      if (labels.length != 32) {
        return null;
      }
      byte[] bytes = new byte[16];
      for (int i = 0; i < 32; i++) {
        String l = labels[31 - i];
        int v = l.length() == 1 ? Character.digit(l.charAt(0), 16) : -1;
        if (v < 0) {
          return null;
        }
        bytes[i / 2] |= (byte) (i % 2 == 0 ? v << 4 : v);
      }
      return byAddress(bytes);
    }
    return null;
  }

  private static InetAddress byAddress(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
