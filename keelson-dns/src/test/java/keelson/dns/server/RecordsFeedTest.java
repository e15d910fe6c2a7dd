package keelson.dns.server;

import static keelson.dns.Fixtures.clusterIp;
import static keelson.dns.Fixtures.endpoint;
import static keelson.dns.Fixtures.headless;
import static keelson.dns.Fixtures.namespace;
import static keelson.dns.Fixtures.port;
import static keelson.dns.Fixtures.slice;
import static keelson.dns.Fixtures.slicePort;
import static keelson.dns.server.DnsServerTest.query;
import static keelson.dns.server.DnsServerTest.resolver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import keelson.controllers.runtime.SharedInformers;
import keelson.dns.DnsConfig;
import keelson.dns.DnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The informer-fed server against fabric8's CRUD mock API: answers follow changes within a second. */
class RecordsFeedTest {
  private KubernetesMockServer api;
  private KubernetesClient client;
  private DnsServer dns;
  private SharedInformers informers;

  @BeforeEach
  void start() {
    api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
        false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    client = api.createClient();
    informers = new SharedInformers(client);
  }

  @AfterEach
  void stop() {
    if (dns != null) {
      dns.close();
    }
    informers.close();
    client.close();
    api.destroy();
  }

  @Test
  void answersFollowServicesAndSlices() throws Exception {
    client.namespaces().resource(namespace("default")).create();
    client.namespaces().resource(namespace("kube-system")).create();
    client.services().resource(clusterIp("kube-system", "kube-dns", "10.96.0.10", port("dns", "UDP", 53))).create();
    dns = DnsServer.start(informers, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DnsConfig.kubeadm());
    SimpleResolver udp = resolver(dns);
    await().atMost(Duration.ofSeconds(10)).until(dns::synced);
    assertThat(udp.send(query("kube-dns.kube-system.svc.cluster.local.", Type.A)).getSection(Section.ANSWER))
        .extracting(Record::rdataToString).containsExactly("10.96.0.10");

    client.services().resource(headless("default", "nginx", port("web", "TCP", 80))).create();
    client.discovery().v1().endpointSlices().resource(slice("default", "nginx", "nginx-abcde",
        List.of(slicePort("web", "TCP", 80)), endpoint("10.244.1.5", "web-0", true))).create();
    long changed = System.nanoTime();
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
        assertThat(udp.send(query("web-0.nginx.default.svc.cluster.local.", Type.A)).getSection(Section.ANSWER))
            .extracting(Record::rdataToString).containsExactly("10.244.1.5"));
    System.out.printf("change visible in DNS after %d ms%n", (System.nanoTime() - changed) / 1_000_000);

    client.discovery().v1().endpointSlices().inNamespace("default").withName("nginx-abcde").edit(s -> {
      s.getEndpoints().get(0).getConditions().setReady(false);
      return s;
    });
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
        assertThat(udp.send(query("web-0.nginx.default.svc.cluster.local.", Type.A)).getRcode())
            .isEqualTo(Rcode.NXDOMAIN));

    client.services().inNamespace("kube-system").withName("kube-dns").delete();
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
        assertThat(udp.send(query("kube-dns.kube-system.svc.cluster.local.", Type.A)).getRcode())
            .isEqualTo(Rcode.NXDOMAIN));
  }
}
