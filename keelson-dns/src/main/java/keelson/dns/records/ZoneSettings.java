package keelson.dns.records;

import java.util.Locale;

/**
 * What the snapshot needs to know about its zone.
 *
 * @param zone the cluster domain, lower case, without a trailing dot ({@code cluster.local})
 * @param ttl the TTL of answers and the SOA minimum, seconds
 * @param podsMode how pod names are answered
 */
public record ZoneSettings(String zone, int ttl, PodsMode podsMode) {
  public ZoneSettings {
    zone = zone.toLowerCase(Locale.ROOT);
    if (zone.endsWith(".")) {
      zone = zone.substring(0, zone.length() - 1);
    }
  }

  /** {@code cluster.local}, TTL 5, pods insecure. */
  public static ZoneSettings defaults() {
    return new ZoneSettings("cluster.local", 5, PodsMode.INSECURE);
  }
}
