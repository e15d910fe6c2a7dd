package keelson.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import keelson.dns.records.PodsMode;

/**
 * How the cluster DNS answers: the zone it is authoritative for, the TTL of its records, the pods
 * mode and where names outside the zone go.
 *
 * @param zone the cluster domain without a trailing dot, e.g. {@code cluster.local}
 * @param ttl seconds, 0–3600, for A/AAAA/SRV/PTR/CNAME answers and the SOA minimum
 * @param podsMode how {@code <dashed-ip>.<ns>.pod.<zone>} is answered
 * @param upstream where other names are forwarded; empty means answer REFUSED
 */
public record DnsConfig(String zone, int ttl, PodsMode podsMode, Optional<InetSocketAddress> upstream) {
  /** CoreDNS's kubernetes plugin default TTL. */
  public static final int DEFAULT_TTL = 5;
  /** The TTL kubeadm and kind configure. */
  public static final int KUBEADM_TTL = 30;

  public DnsConfig {
    zone = zone.toLowerCase(Locale.ROOT);
    while (zone.endsWith(".")) {
      zone = zone.substring(0, zone.length() - 1);
    }
    if (zone.isEmpty()) {
      throw new IllegalArgumentException("the zone must not be empty");
    }
    if (ttl < 0 || ttl > 3600) {
      throw new IllegalArgumentException("ttl " + ttl + " is outside 0-3600");
    }
  }

  /**
   * {@code cluster.local}, TTL 5 (the plugin default), {@code pods insecure} (as kubeadm), upstream
   * = the first nameserver of {@code /etc/resolv.conf}.
   */
  public static DnsConfig defaults() {
    return new DnsConfig("cluster.local", DEFAULT_TTL, PodsMode.INSECURE, systemResolver(Path.of("/etc/resolv.conf")));
  }

  /** The profile kubeadm/kind install: TTL 30, pods insecure; here without an upstream. */
  public static DnsConfig kubeadm() {
    return new DnsConfig("cluster.local", KUBEADM_TTL, PodsMode.INSECURE, Optional.empty());
  }

  /**
   * {@link #defaults()} overridden by the system properties {@code keelson.dns.zone},
   * {@code keelson.dns.ttl}, {@code keelson.dns.pods} ({@code disabled|insecure|verified}) and
   * {@code keelson.dns.upstream} ({@code HOST:PORT}, {@code HOST}, or {@code refuse}).
   */
  public static DnsConfig fromSystemProperties() {
    DnsConfig config = defaults();
    String zone = System.getProperty("keelson.dns.zone");
    if (zone != null) {
      config = config.withZone(zone);
    }
    String ttl = System.getProperty("keelson.dns.ttl");
    if (ttl != null) {
      config = config.withTtl(Integer.parseInt(ttl.trim()));
    }
    String pods = System.getProperty("keelson.dns.pods");
    if (pods != null) {
      config = config.withPodsMode(PodsMode.valueOf(pods.trim().toUpperCase(Locale.ROOT)));
    }
    String upstream = System.getProperty("keelson.dns.upstream");
    if (upstream != null) {
      config = config.withUpstream(upstream);
    }
    return config;
  }

  public DnsConfig withZone(String zone) {
    return new DnsConfig(zone, ttl, podsMode, upstream);
  }

  public DnsConfig withTtl(int ttl) {
    return new DnsConfig(zone, ttl, podsMode, upstream);
  }

  public DnsConfig withPodsMode(PodsMode podsMode) {
    return new DnsConfig(zone, ttl, podsMode, upstream);
  }

  public DnsConfig withUpstream(Optional<InetSocketAddress> upstream) {
    return new DnsConfig(zone, ttl, podsMode, upstream);
  }

  /** {@code refuse} (or empty) for none, otherwise {@code HOST}, {@code HOST:PORT} or {@code [V6]:PORT}. */
  public DnsConfig withUpstream(String upstream) {
    return withUpstream(parseUpstream(upstream));
  }

  static Optional<InetSocketAddress> parseUpstream(String value) {
    String v = value.trim();
    if (v.isEmpty() || v.equalsIgnoreCase("refuse") || v.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    String host = v;
    int port = 53;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      host = v.substring(1, close);
      if (close + 1 < v.length() && v.charAt(close + 1) == ':') {
        port = Integer.parseInt(v.substring(close + 2));
      }
    } else if (v.indexOf(':') > 0 && v.indexOf(':') == v.lastIndexOf(':')) {
      host = v.substring(0, v.indexOf(':'));
      port = Integer.parseInt(v.substring(v.indexOf(':') + 1));
    }
    return Optional.of(new InetSocketAddress(host, port));
  }

  /** The first {@code nameserver} of a resolv.conf, port 53; empty when there is none. */
  public static Optional<InetSocketAddress> systemResolver(Path resolvConf) {
    try {
      for (String line : Files.readAllLines(resolvConf)) {
        String[] words = line.trim().split("\\s+");
        if (words.length >= 2 && words[0].equals("nameserver")) {
          String host = words[1];
          int scope = host.indexOf('%');
          return Optional.of(new InetSocketAddress(scope > 0 ? host.substring(0, scope) : host, 53));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no system resolver: names outside the zone are refused
    }
    return Optional.empty();
  }
}
