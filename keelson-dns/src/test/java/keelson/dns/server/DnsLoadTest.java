package keelson.dns.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import keelson.dns.DnsConfig;
import keelson.dns.DnsServer;
import keelson.dns.Fixtures.Cluster;
import keelson.dns.records.DnsRecords;
import keelson.dns.records.PodsMode;
import keelson.dns.records.ZoneSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xbill.DNS.Type;

/**
 * A closed-loop UDP load: {@code dns.load.clients} senders, each one query in flight, for
 * {@code dns.load.seconds}, against an in-process server over the tutorial snapshot or against
 * {@code dns.load.target=HOST:PORT}. Prints qps and latency percentiles. Run with
 * {@code -Ddns.load=true -Dtest=DnsLoadTest}.
 */
@EnabledIfSystemProperty(named = "dns.load", matches = "true")
class DnsLoadTest {
  @Test
  void load() throws Exception {
    int clients = Integer.getInteger("dns.load.clients", 16);
    int seconds = Integer.getInteger("dns.load.seconds", 10);
    String target = System.getProperty("dns.load.target");
    DnsServer server = null;
    InetSocketAddress address;
    if (target == null) {
      Cluster cluster = new Cluster();
      DnsRecords records = DnsRecords.from(new ZoneSettings("cluster.local", 30, PodsMode.INSECURE), 1,
          cluster.services, cluster.slices, cluster.namespaces, List.of());
      server = DnsServer.start(() -> records, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          DnsConfig.kubeadm());
      address = server.address();
    } else {
      int colon = target.lastIndexOf(':');
      address = new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    }
    List<byte[]> queries = List.of(
        DnsServerTest.query("web-0.nginx.default.svc.cluster.local.", Type.A).toWire(),
        DnsServerTest.query("nginx.default.svc.cluster.local.", Type.A).toWire(),
        DnsServerTest.query("kube-dns.kube-system.svc.cluster.local.", Type.A).toWire(),
        DnsServerTest.query("_web._tcp.nginx.default.svc.cluster.local.", Type.SRV).toWire(),
        DnsServerTest.query("nosuch.default.svc.cluster.local.", Type.A).toWire());
    try {
      run(address, queries, clients, 2, false); // warm-up
      run(address, queries, clients, seconds, true);
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static void run(InetSocketAddress address, List<byte[]> queries, int clients, int seconds, boolean report)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong timeouts = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long[] lat = new long[4_000_000];
      int[] count = new int[1];
      latencies.add(lat);
      counts.add(count);
      int offset = c;
      threads.add(Thread.ofPlatform().start(() -> {
        try (DatagramChannel ch = DatagramChannel.open()) {
          ch.connect(address);
          ch.socket().setSoTimeout(1000);
          ByteBuffer in = ByteBuffer.allocate(4096);
          int i = offset;
          while (System.nanoTime() < end && count[0] < lat.length) {
            byte[] q = queries.get(i++ % queries.size());
            q[0] = (byte) (i >>> 8);
            q[1] = (byte) i;
            long t0 = System.nanoTime();
            ch.write(ByteBuffer.wrap(q));
            in.clear();
            try {
              ch.socket().getChannel().read(in);
            } catch (SocketTimeoutException e) {
              timeouts.incrementAndGet();
              continue;
            }
            lat[count[0]++] = System.nanoTime() - t0;
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }));
    }
    long started = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    int total = counts.stream().mapToInt(c -> c[0]).sum();
    long[] all = new long[total];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies.get(c), 0, all, k, counts.get(c)[0]);
      k += counts.get(c)[0];
    }
    Arrays.sort(all);
    if (report && total > 0) {
      System.out.printf("DNS load: %d clients, %.1f s: %d answers, %.0f qps, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms,"
          + " max %.3f ms, timeouts %d%n", clients, elapsed, total, total / elapsed, all[total / 2] / 1e6,
          all[(int) (total * 0.99)] / 1e6, all[(int) (total * 0.999)] / 1e6, all[total - 1] / 1e6, timeouts.get());
    }
  }
}
