package keelson.dns.server;

import static keelson.dns.Fixtures.endpoint;
import static keelson.dns.Fixtures.externalName;
import static keelson.dns.Fixtures.headless;
import static keelson.dns.Fixtures.port;
import static keelson.dns.Fixtures.slice;
import static keelson.dns.Fixtures.slicePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import keelson.dns.DnsConfig;
import keelson.dns.DnsServer;
import keelson.dns.Fixtures.Cluster;
import keelson.dns.records.DnsRecords;
import keelson.dns.records.PodsMode;
import keelson.dns.records.ZoneSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The listeners end to end on loopback, with dnsjava as the client. */
class DnsServerTest {
  private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final ZoneSettings KUBEADM = new ZoneSettings("cluster.local", 30, PodsMode.INSECURE);
  private static final DnsConfig REFUSE = DnsConfig.kubeadm();

  private final AtomicReference<DnsRecords> snapshot = new AtomicReference<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Cluster cluster = new Cluster();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private DnsServer server(DnsConfig config) throws Exception {
    DnsServer server = DnsServer.start(snapshot::get, ANY_PORT, config);
    closeables.add(server);
    return server;
  }

  private void publish() {
    snapshot.set(DnsRecords.from(KUBEADM, 42, cluster.services, cluster.slices, cluster.namespaces, List.of()));
  }

  static SimpleResolver resolver(DnsServer server) {
    SimpleResolver r = new SimpleResolver(server.address());
    r.setTimeout(Duration.ofSeconds(2));
    return r;
  }

  static Message query(String name, int type) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
  }

  @Test
  void answersAuthoritativelyOverUdpAndTcp() throws Exception {
    publish();
    DnsServer server = server(REFUSE);
    SimpleResolver udp = resolver(server);
    Message a = udp.send(query("web-0.nginx.default.svc.cluster.local.", Type.A));
    assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getSection(Section.ANSWER)).singleElement()
        .satisfies(r -> assertThat(r.toString()).contains("30\tIN\tA\t10.244.1.5"));
    SimpleResolver tcp = resolver(server);
    tcp.setTCP(true);
    Message txt = tcp.send(query("dns-version.cluster.local.", Type.TXT));
    assertThat(txt.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("\"1.1.0\"");
    Message nx = udp.send(query("nosuch.default.svc.cluster.local.", Type.A));
    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nx.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(nx.getSection(Section.AUTHORITY)).singleElement().satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
  }

  @Test
  void servfailUntilSyncedThenAnswers() throws Exception {
    DnsServer server = server(REFUSE);
    SimpleResolver udp = resolver(server);
    assertThat(udp.send(query("kube-dns.kube-system.svc.cluster.local.", Type.A)).getRcode())
        .isEqualTo(Rcode.SERVFAIL);
    assertThat(udp.send(query("10.0.96.10.in-addr.arpa.", Type.PTR)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    publish();
    assertThat(udp.send(query("kube-dns.kube-system.svc.cluster.local.", Type.A)).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void outsideNamesAreRefusedWithoutUpstream() throws Exception {
    publish();
    DnsServer server = server(REFUSE);
    assertThat(resolver(server).send(query("example.com.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(resolver(server).send(query("9.9.9.10.in-addr.arpa.", Type.PTR)).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void outsideNamesAndUnknownReverseGoUpstreamAndExternalNameIsChased() throws Exception {
    cluster.services.add(externalName("default", "db", "db.example.com"));
    publish();
    try (FakeUpstream upstream = new FakeUpstream()) {
      DnsServer server = server(REFUSE.withUpstream(java.util.Optional.of(upstream.address())));
      Message m = resolver(server).send(query("example.com.", Type.A));
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.1");
      assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
      Message ptr = resolver(server).send(query("9.9.9.10.in-addr.arpa.", Type.PTR));
      assertThat(ptr.getRcode()).isEqualTo(Rcode.NXDOMAIN); // the fake's answer for PTR
      Message db = resolver(server).send(query("db.default.svc.cluster.local.", Type.A));
      assertThat(db.getSection(Section.ANSWER)).extracting(Record::rdataToString)
          .containsExactly("db.example.com.", "192.0.2.1");
      assertThat(upstream.questions).contains("example.com.", "db.example.com.");
    }
  }

  @Test
  void bigUdpAnswersAreTruncatedAndComeWholeOverTcp() throws Exception {
    List<Endpoint> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(endpoint("10.244.7." + (i + 2), null, true));
    }
    cluster.services.add(headless("default", "big", port("web", "TCP", 80)));
    cluster.slices.add(slice("default", "big", "big-1", List.of(slicePort("web", "TCP", 80)),
        many.toArray(Endpoint[]::new)));
    publish();
    DnsServer server = server(REFUSE);
    SimpleResolver plain = resolver(server);
    plain.setIgnoreTruncation(true);
    plain.setEDNS(-1);
    Message small = plain.send(query("big.default.svc.cluster.local.", Type.A));
    assertThat(small.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(small.toWire().length).isLessThanOrEqualTo(512);
    SimpleResolver edns = resolver(server);
    edns.setIgnoreTruncation(true);
    edns.setEDNS(0, 4096, 0, List.of());
    Message fits = edns.send(query("big.default.svc.cluster.local.", Type.A));
    assertThat(fits.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(fits.getSection(Section.ANSWER)).hasSize(40);
    assertThat(fits.getOPT()).isNotNull();
    // 40 SRV records with 40 additional A records exceed 1232 bytes: TC over UDP, whole over TCP.
    Message srvUdp = edns.send(query("_web._tcp.big.default.svc.cluster.local.", Type.SRV));
    assertThat(srvUdp.getHeader().getFlag(Flags.TC)).isTrue();
    SimpleResolver tcp = resolver(server);
    tcp.setTCP(true);
    Message srvTcp = tcp.send(query("_web._tcp.big.default.svc.cluster.local.", Type.SRV));
    assertThat(srvTcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(srvTcp.getSection(Section.ANSWER)).hasSize(40);
    assertThat(srvTcp.getSection(Section.ADDITIONAL)).filteredOn(r -> r instanceof ARecord).hasSize(40);
    // Over UDP, dnsjava's resolver retries truncated answers over TCP by itself.
    assertThat(resolver(server).send(query("_web._tcp.big.default.svc.cluster.local.", Type.SRV))
        .getSection(Section.ANSWER)).hasSize(40);
  }

  @Test
  void addressRecordsAreRotated() throws Exception {
    publish();
    DnsServer server = server(REFUSE);
    SimpleResolver udp = resolver(server);
    String first1 = udp.send(query("nginx.default.svc.cluster.local.", Type.A)).getSection(Section.ANSWER).get(0)
        .rdataToString();
    String first2 = udp.send(query("nginx.default.svc.cluster.local.", Type.A)).getSection(Section.ANSWER).get(0)
        .rdataToString();
    assertThat(first1).isNotEqualTo(first2);
  }

  @Test
  void garbageGetsFormerrAndResponsesAreIgnored() throws Exception {
    publish();
    DnsServer server = server(REFUSE);
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(2000);
      byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 'a'};
      socket.send(new DatagramPacket(garbage, garbage.length, server.address()));
      DatagramPacket in = new DatagramPacket(new byte[512], 512);
      socket.receive(in);
      Message m = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
      assertThat(m.getHeader().getID()).isEqualTo(0x1234);
      assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    }
  }

  /** A loopback nameserver answering every A with 192.0.2.1 and everything else NXDOMAIN. */
  static final class FakeUpstream implements AutoCloseable {
    final DatagramSocket socket;
    final List<String> questions = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Thread thread;

    FakeUpstream() throws Exception {
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      thread = Thread.ofVirtual().start(this::serve);
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
      byte[] buf = new byte[65535];
      while (!socket.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          socket.receive(p);
          Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
          questions.add(q.getQuestion().getName().toString());
          Message r = new Message(q.getHeader().getID());
          r.getHeader().setFlag(Flags.QR);
          r.getHeader().setFlag(Flags.RA);
          r.addRecord(q.getQuestion(), Section.QUESTION);
          if (q.getQuestion().getType() == Type.A) {
            r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, InetAddress.getByName("192.0.2.1")),
                Section.ANSWER);
          } else {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
          }
          byte[] out = r.toWire();
          socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
        } catch (Exception e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
