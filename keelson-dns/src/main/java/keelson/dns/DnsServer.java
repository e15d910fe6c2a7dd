package keelson.dns;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import keelson.controllers.runtime.SharedInformers;
import keelson.dns.feed.RecordsFeed;
import keelson.dns.records.DnsRecords;
import keelson.dns.records.ZoneSettings;
import keelson.dns.server.DnsResponder;
import keelson.dns.server.TcpListener;
import keelson.dns.server.UdpListener;
import keelson.dns.server.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster DNS server: UDP and TCP on one address, answering the cluster zone from informer-fed
 * snapshots and forwarding other names upstream. Read-only, so every Keelson server runs one,
 * leader or not.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
  /** How long after an API change the snapshot is rebuilt (changes in between ride along). */
  public static final Duration DEBOUNCE = Duration.ofMillis(50);

  private final RecordsFeed feed;
  private final UdpListener udp;
  private final TcpListener tcp;

  private DnsServer(RecordsFeed feed, UdpListener udp, TcpListener tcp) {
    this.feed = feed;
    this.udp = udp;
    this.tcp = tcp;
  }

  /**
   * Binds {@code listen} (UDP and TCP, port 0 for a free one) and starts the informers; returns at
   * once. Questions in the zone get SERVFAIL until the informers have synced.
   */
  public static DnsServer start(SharedInformers informers, InetSocketAddress listen, DnsConfig config)
      throws IOException {
    ZoneSettings settings = settings(config);
    RecordsFeed feed = new RecordsFeed(informers, settings, Clock.systemUTC(), DEBOUNCE);
    DnsServer server;
    try {
      server = serve(feed, feed, listen, config);
    } catch (IOException | RuntimeException e) {
      feed.close();
      throw e;
    }
    feed.start().whenComplete((ok, failure) -> {
      if (failure != null) {
        log.atError().addKeyValue("error", String.valueOf(failure)).log("cluster DNS informers failed to start");
      }
    });
    return server;
  }

  /** Serves a given snapshot source (tests, benchmarks). */
  public static DnsServer start(Supplier<DnsRecords> snapshot, InetSocketAddress listen, DnsConfig config)
      throws IOException {
    return serve(null, snapshot, listen, config);
  }

  private static DnsServer serve(RecordsFeed feed, Supplier<DnsRecords> snapshot, InetSocketAddress listen,
      DnsConfig config) throws IOException {
    Upstream upstream = config.upstream().filter(u -> !u.equals(listen)).map(u -> Upstream.of(config.upstream()))
        .orElseGet(Upstream::refusing);
    DnsResponder responder = new DnsResponder(snapshot, settings(config), upstream);
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    // Port 0: UDP picks the port, TCP takes the same one (retrying if it happens to be busy).
    for (int attempt = 0; ; attempt++) {
      UdpListener udp = UdpListener.start(listen, responder, threads);
      try {
        InetSocketAddress bound = udp.address();
        TcpListener tcp = TcpListener.start(new InetSocketAddress(listen.getAddress(), bound.getPort()), responder);
        log.atInfo().addKeyValue("listen", bound).addKeyValue("zone", config.zone()).addKeyValue("ttl", config.ttl())
            .addKeyValue("pods", config.podsMode()).addKeyValue("upstream", config.upstream().map(String::valueOf)
                .orElse("refuse")).log("cluster DNS listening (UDP and TCP)");
        return new DnsServer(feed, udp, tcp);
      } catch (BindException e) {
        udp.close();
        if (listen.getPort() != 0 || attempt >= 5) {
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        udp.close();
        throw e;
      }
    }
  }

  private static ZoneSettings settings(DnsConfig config) {
    return new ZoneSettings(config.zone(), config.ttl(), config.podsMode());
  }

  /** The bound address (UDP and TCP share the port). */
  public InetSocketAddress address() {
    return tcp.address();
  }

  /** True once the first snapshot is served. */
  public boolean synced() {
    return feed == null || feed.get() != null;
  }

  @Override
  public void close() {
    try {
      udp.close();
      tcp.close();
    } catch (IOException e) {
      log.atWarn().addKeyValue("error", e.toString()).log("error while stopping cluster DNS");
    }
    if (feed != null) {
      feed.close();
    }
  }
}
