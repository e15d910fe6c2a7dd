package keelson.dns.records;

import static keelson.dns.Fixtures.clusterIp;
import static keelson.dns.Fixtures.endpoint;
import static keelson.dns.Fixtures.externalName;
import static keelson.dns.Fixtures.headless;
import static keelson.dns.Fixtures.port;
import static keelson.dns.Fixtures.slice;
import static keelson.dns.Fixtures.slicePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import keelson.dns.Fixtures.Cluster;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** Every row of §4.7 and scenarios 48–58 of the behaviour document, on the pure snapshot (TTL 30). */
class DnsRecordsTest {
  private static final ZoneSettings KUBEADM = new ZoneSettings("cluster.local", 30, PodsMode.INSECURE);
  private static final long SERIAL = 1_700_000_000L;

  private Cluster cluster = new Cluster();

  private DnsRecords records(ZoneSettings settings) {
    return DnsRecords.from(settings, SERIAL, cluster.services, cluster.slices, cluster.namespaces, List.of());
  }

  private Answer ask(String name, int type) {
    return ask(KUBEADM, name, type);
  }

  private Answer ask(ZoneSettings settings, String name, int type) {
    try {
      return records(settings).answer(Name.fromString(name), type);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> rdata(List<Record> records) {
    return records.stream().map(Record::rdataToString).toList();
  }

  private static List<String> lines(List<Record> records) {
    return records.stream().map(Record::toString).map(s -> s.replaceAll("\\s+", " ")).toList();
  }

  /** Negative answers: the zone's SOA in Authority, TTL min(ttl,300), minimum = ttl, the serial. */
  private static void assertNegative(Answer a, int rcode) {
    assertThat(a.forward()).isFalse();
    assertThat(a.rcode()).isEqualTo(rcode);
    assertThat(a.answer()).isEmpty();
    assertThat(lines(a.authority())).containsExactly(
        "cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. " + SERIAL + " 7200 1800 86400 30");
  }

  // ---- §4.7 table ------------------------------------------------------------------------------

  @Test
  void aForExistingClusterIpService() {
    Answer a = ask("web-svc.default.svc.cluster.local.", Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(lines(a.answer())).containsExactly("web-svc.default.svc.cluster.local. 30 IN A 10.96.140.7");
    assertThat(a.authority()).isEmpty();
  }

  @Test
  void aaaaForIpv4OnlyClusterIpIsNoData() {
    assertNegative(ask("web-svc.default.svc.cluster.local.", Type.AAAA), Rcode.NOERROR);
  }

  @Test
  void aForHeadlessWithReadyEndpointsListsEach() {
    Answer a = ask("nginx.default.svc.cluster.local.", Type.A);
    assertThat(lines(a.answer())).containsExactlyInAnyOrder(
        "nginx.default.svc.cluster.local. 30 IN A 10.244.1.5", "nginx.default.svc.cluster.local. 30 IN A 10.244.2.6");
  }

  @Test
  void aForHeadlessWithoutReadyEndpointsIsNxdomain() {
    cluster.nginx(false, false);
    assertNegative(ask("nginx.default.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
  }

  @Test
  void notReadyEndpointNameIsNxdomain() {
    cluster.nginx(true, false);
    assertNegative(ask("web-1.nginx.default.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertThat(rdata(ask("web-0.nginx.default.svc.cluster.local.", Type.A).answer())).containsExactly("10.244.1.5");
  }

  @Test
  void aaaaForIpv4EndpointNameIsNoData() {
    assertNegative(ask("web-0.nginx.default.svc.cluster.local.", Type.AAAA), Rcode.NOERROR);
  }

  @Test
  void missingServiceInExistingNamespaceIsNxdomain() {
    assertNegative(ask("nosuch.default.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
  }

  @Test
  void anythingInMissingNamespaceIsNxdomain() {
    assertNegative(ask("nginx.nosuchns.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertNegative(ask("nosuchns.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertNegative(ask("10-244-1-5.nosuchns.pod.cluster.local.", Type.A), Rcode.NXDOMAIN);
  }

  @Test
  void namespaceSvcAndPodNamesAreNoData() {
    assertNegative(ask("default.svc.cluster.local.", Type.A), Rcode.NOERROR);
    assertNegative(ask("svc.cluster.local.", Type.A), Rcode.NOERROR);
    assertNegative(ask("pod.cluster.local.", Type.A), Rcode.NOERROR);
    assertNegative(ask("default.pod.cluster.local.", Type.A), Rcode.NOERROR);
  }

  @Test
  void unknownPortIsNxdomain() {
    assertNegative(ask("_unknownport._tcp.web-svc.default.svc.cluster.local.", Type.SRV), Rcode.NXDOMAIN);
    assertNegative(ask("_unknownport._tcp.nginx.default.svc.cluster.local.", Type.SRV), Rcode.NXDOMAIN);
    assertNegative(ask("_web._udp.nginx.default.svc.cluster.local.", Type.SRV), Rcode.NXDOMAIN);
  }

  @Test
  void threeOrMoreLabelsLeftOfServiceIsNxdomain() {
    assertNegative(ask("a.b.web-0.nginx.default.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertNegative(ask("x.a.b.web-0.nginx.default.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
  }

  @Test
  void lastLabelNotSvcOrPodIsNxdomain() {
    assertNegative(ask("foo.default.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertNegative(ask("foo.cluster.local.", Type.A), Rcode.NXDOMAIN);
  }

  @Test
  void otherTypesForExistingNamesAreNoData() {
    assertNegative(ask("web-svc.default.svc.cluster.local.", Type.TXT), Rcode.NOERROR);
    assertNegative(ask("nginx.default.svc.cluster.local.", Type.MX), Rcode.NOERROR);
    assertNegative(ask("dns-version.cluster.local.", Type.A), Rcode.NOERROR);
  }

  @Test
  void matchingIsCaseInsensitiveAndKeepsTheAskedCase() {
    Answer a = ask("WEB-0.Nginx.DEFAULT.svc.Cluster.Local.", Type.A);
    assertThat(lines(a.answer())).containsExactly("WEB-0.Nginx.DEFAULT.svc.Cluster.Local. 30 IN A 10.244.1.5");
    assertThat(ask("_WEB._TCP.nginx.default.svc.cluster.local.", Type.SRV).answer()).hasSize(2);
  }

  @Test
  void namesOutsideTheZoneAreForwarded() {
    assertThat(ask("example.com.", Type.A).forward()).isTrue();
    assertThat(ask("cluster.local.example.com.", Type.A).forward()).isTrue();
    assertThat(ask("notcluster.local.", Type.A).forward()).isTrue();
  }

  // ---- §9 scenarios ----------------------------------------------------------------------------

  @Test
  void scenario48EndpointNameOfStatefulSetPod() {
    Answer a = ask("web-0.nginx.default.svc.cluster.local.", Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(lines(a.answer())).containsExactly("web-0.nginx.default.svc.cluster.local. 30 IN A 10.244.1.5");
  }

  @Test
  void scenario49HeadlessAAndAaaa() {
    assertThat(rdata(ask("nginx.default.svc.cluster.local.", Type.A).answer()))
        .containsExactlyInAnyOrder("10.244.1.5", "10.244.2.6");
    assertNegative(ask("nginx.default.svc.cluster.local.", Type.AAAA), Rcode.NOERROR);
  }

  @Test
  void scenario50SrvForNamedPortOfHeadlessService() {
    Answer a = ask("_web._tcp.nginx.default.svc.cluster.local.", Type.SRV);
    assertThat(lines(a.answer())).containsExactlyInAnyOrder(
        "_web._tcp.nginx.default.svc.cluster.local. 30 IN SRV 0 50 80 web-0.nginx.default.svc.cluster.local.",
        "_web._tcp.nginx.default.svc.cluster.local. 30 IN SRV 0 50 80 web-1.nginx.default.svc.cluster.local.");
    assertThat(lines(a.additional())).containsExactlyInAnyOrder(
        "web-0.nginx.default.svc.cluster.local. 30 IN A 10.244.1.5",
        "web-1.nginx.default.svc.cluster.local. 30 IN A 10.244.2.6");
  }

  @Test
  void scenario51AllNotReadyIsNxdomainWithSoaMinimum30() {
    cluster.nginx(false, false);
    Answer a = ask("nginx.default.svc.cluster.local.", Type.A);
    assertNegative(a, Rcode.NXDOMAIN);
    assertThat(((SOARecord) a.authority().get(0)).getMinimum()).isEqualTo(30);
  }

  @Test
  void scenario43PublishNotReadyAddressesMeansReadyTrueAndUnsetReadyCounts() {
    cluster.nginx(true, null);
    assertThat(rdata(ask("web-1.nginx.default.svc.cluster.local.", Type.A).answer())).containsExactly("10.244.2.6");
  }

  @Test
  void scenario52ClusterIpWithoutEndpoints() {
    assertThat(rdata(ask("web-svc.default.svc.cluster.local.", Type.A).answer())).containsExactly("10.96.140.7");
    Answer srv = ask("_http._tcp.web-svc.default.svc.cluster.local.", Type.SRV);
    assertThat(lines(srv.answer())).containsExactly(
        "_http._tcp.web-svc.default.svc.cluster.local. 30 IN SRV 0 100 80 web-svc.default.svc.cluster.local.");
    assertThat(lines(srv.additional())).containsExactly("web-svc.default.svc.cluster.local. 30 IN A 10.96.140.7");
    assertNegative(ask("_nope._tcp.web-svc.default.svc.cluster.local.", Type.SRV), Rcode.NXDOMAIN);
  }

  @Test
  void scenario53TerminatingPodDisappearsThenReplacementResolves() {
    cluster.nginx(false, true);
    assertNegative(ask("web-0.nginx.default.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    cluster.slices.removeIf(s -> s.getMetadata().getName().startsWith("nginx-"));
    cluster.slices.add(slice("default", "nginx", "nginx-7fk2x", List.of(slicePort("web", "TCP", 80)),
        endpoint("10.244.1.9", "web-0", true), endpoint("10.244.2.6", "web-1", true)));
    assertThat(rdata(ask("web-0.nginx.default.svc.cluster.local.", Type.A).answer())).containsExactly("10.244.1.9");
  }

  @Test
  void scenario54PtrForEndpointAndClusterIp() {
    assertThat(lines(ask("5.1.244.10.in-addr.arpa.", Type.PTR).answer()))
        .containsExactly("5.1.244.10.in-addr.arpa. 30 IN PTR web-0.nginx.default.svc.cluster.local.");
    assertThat(rdata(ask("10.0.96.10.in-addr.arpa.", Type.PTR).answer()))
        .containsExactly("kube-dns.kube-system.svc.cluster.local.");
    // Unknown IPs fall through to upstream; so do non-PTR questions.
    assertThat(ask("99.99.244.10.in-addr.arpa.", Type.PTR).forward()).isTrue();
    assertThat(ask("5.1.244.10.in-addr.arpa.", Type.A).forward()).isTrue();
    assertThat(ask("1.244.10.in-addr.arpa.", Type.PTR).forward()).isTrue();
  }

  @Test
  void ptrForAPodSelectedBySeveralServicesListsEach() {
    cluster.services.add(headless("default", "peers", port("web", "TCP", 80)));
    cluster.slices.add(slice("default", "peers", "peers-1", List.of(slicePort("web", "TCP", 80)),
        endpoint("10.244.1.5", null, true)));
    assertThat(rdata(ask("5.1.244.10.in-addr.arpa.", Type.PTR).answer())).containsExactlyInAnyOrder(
        "web-0.nginx.default.svc.cluster.local.", "10-244-1-5.peers.default.svc.cluster.local.");
  }

  @Test
  void scenario55PodRecordsInsecure() {
    assertThat(lines(ask("10-244-1-5.default.pod.cluster.local.", Type.A).answer()))
        .containsExactly("10-244-1-5.default.pod.cluster.local. 30 IN A 10.244.1.5");
    assertThat(rdata(ask("10-244-99-99.default.pod.cluster.local.", Type.A).answer())).containsExactly("10.244.99.99");
    assertNegative(ask("10-244-1-5.nosuchns.pod.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertNegative(ask("web-0.default.pod.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertNegative(ask("10-244-1-5.default.pod.cluster.local.", Type.AAAA), Rcode.NOERROR);
    assertThat(rdata(ask("fd00--5.default.pod.cluster.local.", Type.AAAA).answer())).containsExactly("fd00:0:0:0:0:0:0:5");
  }

  @Test
  void podRecordsDisabledAndVerified() {
    ZoneSettings disabled = new ZoneSettings("cluster.local", 30, PodsMode.DISABLED);
    assertNegative(ask(disabled, "10-244-1-5.default.pod.cluster.local.", Type.A), Rcode.NXDOMAIN);
    ZoneSettings verified = new ZoneSettings("cluster.local", 30, PodsMode.VERIFIED);
    var pod = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withNamespace("default")
        .withName("web-0").endMetadata().withNewStatus().withPodIP("10.244.1.5").endStatus().build();
    DnsRecords r = DnsRecords.from(verified, SERIAL, cluster.services, cluster.slices,
        Set.of("default", "kube-system"), List.of(pod));
    assertThat(rdata(r.answer(name("10-244-1-5.default.pod.cluster.local."), Type.A).answer()))
        .containsExactly("10.244.1.5");
    assertThat(r.answer(name("10-244-1-6.default.pod.cluster.local."), Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(r.answer(name("10-244-1-5.kube-system.pod.cluster.local."), Type.A).rcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void scenario56DaemonSetPodsWithoutHostnameGetDashedIpTargets() {
    Answer a = ask("_http._tcp.fluentd.default.svc.cluster.local.", Type.SRV);
    assertThat(rdata(a.answer())).containsExactlyInAnyOrder(
        "0 50 24224 10-244-1-7.fluentd.default.svc.cluster.local.",
        "0 50 24224 10-244-2-8.fluentd.default.svc.cluster.local.");
    assertThat(rdata(ask("10-244-1-7.fluentd.default.svc.cluster.local.", Type.A).answer()))
        .containsExactly("10.244.1.7");
  }

  @Test
  void scenario57VersionAndNegativeNames() {
    Answer v = ask("dns-version.cluster.local.", Type.TXT);
    assertThat(lines(v.answer())).containsExactly("dns-version.cluster.local. 28800 IN TXT \"1.1.0\"");
    assertNegative(ask("nosuch.default.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertNegative(ask("default.svc.cluster.local.", Type.A), Rcode.NOERROR);
    assertNegative(ask("a.b.web-0.nginx.default.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
  }

  @Test
  void scenario58SearchPathFromAnotherNamespace() {
    // From "other": nginx → nginx.other.svc..., nginx.svc..., nginx.cluster.local... (all NXDOMAIN)
    assertNegative(ask("nginx.other.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertNegative(ask("nginx.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertNegative(ask("nginx.cluster.local.", Type.A), Rcode.NXDOMAIN);
    // nginx.default → nginx.default.other.svc... NXDOMAIN, then nginx.default.svc... answers.
    assertNegative(ask("nginx.default.other.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertThat(ask("nginx.default.svc.cluster.local.", Type.A).answer()).hasSize(2);
  }

  // ---- other names and details -----------------------------------------------------------------

  @Test
  void soaAndNsAtTheApex() {
    assertThat(lines(ask("cluster.local.", Type.SOA).answer())).containsExactly(
        "cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. " + SERIAL + " 7200 1800 86400 30");
    Answer ns = ask("cluster.local.", Type.NS);
    assertThat(lines(ns.answer())).containsExactly("cluster.local. 30 IN NS ns.dns.cluster.local.");
    assertThat(lines(ns.additional())).containsExactly("ns.dns.cluster.local. 30 IN A 10.96.0.10");
    assertNegative(ask("cluster.local.", Type.A), Rcode.NOERROR);
  }

  @Test
  void negativeSoaTtlIsCappedAt300() {
    Answer a = ask(new ZoneSettings("cluster.local", 3600, PodsMode.INSECURE), "x.cluster.local.", Type.A);
    SOARecord soa = (SOARecord) a.authority().get(0);
    assertThat(soa.getTTL()).isEqualTo(300);
    assertThat(soa.getMinimum()).isEqualTo(3600);
  }

  @Test
  void defaultTtlIsFiveAndZoneIsConfigurable() {
    ZoneSettings custom = new ZoneSettings("corp.example", 5, PodsMode.INSECURE);
    assertThat(lines(ask(custom, "web-svc.default.svc.corp.example.", Type.A).answer()))
        .containsExactly("web-svc.default.svc.corp.example. 5 IN A 10.96.140.7");
    assertThat(ask(custom, "web-svc.default.svc.cluster.local.", Type.A).forward()).isTrue();
    assertThat(DnsRecords.from(cluster.services, cluster.slices)
        .answer(name("web-svc.default.svc.cluster.local."), Type.A).answer().get(0).getTTL()).isEqualTo(5);
  }

  @Test
  void plainSrvListsEveryPortOrEveryEndpointPort() {
    Answer dns = ask("kube-dns.kube-system.svc.cluster.local.", Type.SRV);
    assertThat(rdata(dns.answer())).containsExactly(
        "0 50 53 kube-dns.kube-system.svc.cluster.local.", "0 50 9153 kube-dns.kube-system.svc.cluster.local.");
    assertThat(rdata(ask("_dns._udp.kube-dns.kube-system.svc.cluster.local.", Type.SRV).answer()))
        .containsExactly("0 100 53 kube-dns.kube-system.svc.cluster.local.");
    assertThat(rdata(ask("nginx.default.svc.cluster.local.", Type.SRV).answer())).containsExactlyInAnyOrder(
        "0 50 80 web-0.nginx.default.svc.cluster.local.", "0 50 80 web-1.nginx.default.svc.cluster.local.");
  }

  @Test
  void srvWeights() {
    assertThat(DnsRecords.weight(1)).isEqualTo(100);
    assertThat(DnsRecords.weight(2)).isEqualTo(50);
    assertThat(DnsRecords.weight(3)).isEqualTo(33);
    assertThat(DnsRecords.weight(101)).isEqualTo(1);
    cluster.slices.add(slice("default", "nginx", "nginx-zzzzz", List.of(slicePort("web", "TCP", 80)),
        endpoint("10.244.3.2", "web-2", true)));
    assertThat(rdata(ask("_web._tcp.nginx.default.svc.cluster.local.", Type.SRV).answer()))
        .allSatisfy(r -> assertThat(r).startsWith("0 33 80 "));
  }

  @Test
  void portlessHeadlessAnswersAButNoSrv() {
    cluster.services.add(headless("default", "bare"));
    cluster.slices.add(slice("default", "bare", "bare-1", List.of(), endpoint("10.244.1.5", null, true)));
    assertThat(rdata(ask("bare.default.svc.cluster.local.", Type.A).answer())).containsExactly("10.244.1.5");
    assertNegative(ask("bare.default.svc.cluster.local.", Type.SRV), Rcode.NOERROR);
    assertNegative(ask("_http._tcp.bare.default.svc.cluster.local.", Type.SRV), Rcode.NXDOMAIN);
  }

  @Test
  void duplicateAddressesAreCollapsed() {
    cluster.slices.add(slice("default", "nginx", "nginx-dup", List.of(slicePort("web", "TCP", 80)),
        endpoint("10.244.1.5", "web-0", true)));
    assertThat(rdata(ask("nginx.default.svc.cluster.local.", Type.A).answer()))
        .containsExactlyInAnyOrder("10.244.1.5", "10.244.2.6");
  }

  @Test
  void endpointNamesResolveForClusterIpServicesToo() {
    cluster.slices.add(slice("default", "web-svc", "web-svc-1", List.of(slicePort("http", "TCP", 8080)),
        endpoint("10.244.1.20", null, true)));
    assertThat(rdata(ask("10-244-1-20.web-svc.default.svc.cluster.local.", Type.A).answer()))
        .containsExactly("10.244.1.20");
    // The Service name still answers with its ClusterIP, SRV with the Service port.
    assertThat(rdata(ask("web-svc.default.svc.cluster.local.", Type.A).answer())).containsExactly("10.96.140.7");
    assertThat(rdata(ask("_http._tcp.web-svc.default.svc.cluster.local.", Type.SRV).answer()))
        .containsExactly("0 100 80 web-svc.default.svc.cluster.local.");
  }

  @Test
  void ipv6EndpointsAndClusterIps() {
    cluster.services.add(clusterIp("default", "v6", "fd00:10:96::1234", port("http", "TCP", 80)));
    cluster.services.add(headless("default", "v6h", port("http", "TCP", 80)));
    cluster.slices.add(slice("default", "v6h", "v6h-1", List.of(slicePort("http", "TCP", 80)),
        endpoint("fd00:10:244:1::", null, true)));
    assertThat(rdata(ask("v6.default.svc.cluster.local.", Type.AAAA).answer())).containsExactly("fd00:10:96:0:0:0:0:1234");
    assertNegative(ask("v6.default.svc.cluster.local.", Type.A), Rcode.NOERROR);
    assertThat(rdata(ask("fd00-10-244-1--0.v6h.default.svc.cluster.local.", Type.AAAA).answer()))
        .containsExactly("fd00:10:244:1:0:0:0:0");
    String reverse = "4.3.2.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa.";
    assertThat(rdata(ask(reverse, Type.PTR).answer())).containsExactly("v6.default.svc.cluster.local.");
  }

  @Test
  void externalNameIsACname() {
    cluster.services.add(externalName("default", "db", "db.example.com"));
    Answer a = ask("db.default.svc.cluster.local.", Type.A);
    assertThat(lines(a.answer())).containsExactly("db.default.svc.cluster.local. 30 IN CNAME db.example.com.");
    assertNegative(ask("db.default.svc.cluster.local.", Type.SRV), Rcode.NOERROR);
    assertNegative(ask("_http._tcp.db.default.svc.cluster.local.", Type.SRV), Rcode.NXDOMAIN);
  }

  @Test
  void slicesWithoutTheServiceLabelOrServiceAreIgnored() {
    var orphan = slice("default", "ghost", "ghost-1", List.of(), endpoint("10.244.9.9", null, true));
    orphan.getMetadata().setLabels(null);
    cluster.slices.add(orphan);
    cluster.slices.add(slice("default", "ghost", "ghost-2", List.of(), endpoint("10.244.9.8", null, true)));
    assertNegative(ask("ghost.default.svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
    assertThat(ask("9.9.244.10.in-addr.arpa.", Type.PTR).forward()).isTrue();
  }

  @Test
  void servedZonesIncludeReverse() {
    assertThat(DnsRecords.isServed(name("x.cluster.local."), KUBEADM)).isTrue();
    assertThat(DnsRecords.isServed(name("Cluster.Local."), KUBEADM)).isTrue();
    assertThat(DnsRecords.isServed(name("1.0.0.10.in-addr.arpa."), KUBEADM)).isTrue();
    assertThat(DnsRecords.isServed(name("example.com."), KUBEADM)).isFalse();
  }

  private static Name name(String s) {
    try {
      return Name.fromString(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
