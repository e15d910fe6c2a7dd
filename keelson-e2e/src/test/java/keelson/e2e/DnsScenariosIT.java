package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import keelson.e2e.Dig.Response;
import keelson.e2e.Dig.Rr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * §9 DNS scenarios 48–57 asked with the real {@code dig} of the running server's DNS port. The
 * server runs with its default DNS settings (zone {@code cluster.local}, TTL 5 s, pods insecure);
 * each test has its own namespace, which stands for {@code default} in the scenarios' names.
 */
class DnsScenariosIT extends ClusterScenarios {
  private static final String ZONE = "cluster.local";
  private static final long TTL = 5;
  private Dig dig;

  @BeforeAll
  void dig() {
    Dig.requireInstalled();
    dig = new Dig(server.dnsPort());
  }

  /** Applies the tutorial's headless Service {@code nginx} and StatefulSet {@code web}; waits for its pods. */
  private void tutorialSet(String ns, Sts sts) {
    apply(ns, sts.yaml());
    String[] pods = new String[sts.replicas];
    for (int i = 0; i < pods.length; i++) {
      pods[i] = "web-" + i;
    }
    eventually().until(() -> allHealthy(ns, pods));
  }

  private String podIp(String ns, String pod) {
    return k(ns, "get", "pod", pod, "-o", "jsonpath={.status.podIP}");
  }

  private static void assertNegative(Response r, String status) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.authoritative()).as("AA").isTrue();
    assertThat(r.answer()).as(r.text()).isEmpty();
    assertThat(r.authority()).as("SOA in Authority").singleElement().satisfies(soa -> {
      assertThat(soa.name()).isEqualTo(ZONE + ".");
      assertThat(soa.type()).isEqualTo("SOA");
      assertThat(soa.ttl()).isEqualTo(TTL);
      String[] fields = soa.data().split("\\s+");
      assertThat(fields[0]).isEqualTo("ns.dns." + ZONE + ".");
      assertThat(fields[1]).isEqualTo("hostmaster." + ZONE + ".");
      assertThat(fields[6]).as("SOA minimum = the configured TTL").isEqualTo(Long.toString(TTL));
    });
  }

  /** Scenarios 48–50: pod names, the Service's A and AAAA, and SRV with Additional addresses. */
  @Test
  void theTutorialSetAnswersByPodNameServiceNameAndSrv() {
    String ns = namespace();
    tutorialSet(ns, new Sts().replicas(2).noClaims());
    String svc = "nginx." + ns + ".svc." + ZONE + ".";
    String ip0 = podIp(ns, "web-0");
    String ip1 = podIp(ns, "web-1");

    Response web0 = dig.query("web-0." + svc, "A");
    assertThat(web0.status()).isEqualTo("NOERROR");
    assertThat(web0.authoritative()).isTrue();
    assertThat(web0.answer()).containsExactly(new Rr("web-0." + svc, TTL, "A", ip0));

    Response a = dig.query(svc, "A");
    assertThat(a.authoritative()).isTrue();
    assertThat(a.answers("A")).containsExactlyInAnyOrder(ip0, ip1);
    assertThat(a.answer()).allSatisfy(r -> assertThat(r.ttl()).isEqualTo(TTL));

    Response aaaa = dig.query(svc, "AAAA");
    assertNegative(aaaa, "NOERROR");

    Response srv = dig.query("_web._tcp." + svc, "SRV");
    assertThat(srv.status()).isEqualTo("NOERROR");
    assertThat(srv.authoritative()).isTrue();
    assertThat(srv.answers("SRV")).containsExactlyInAnyOrder("0 50 80 web-0." + svc, "0 50 80 web-1." + svc);
    assertThat(srv.additional()).filteredOn(r -> r.type().equals("A"))
        .containsExactlyInAnyOrder(new Rr("web-0." + svc, TTL, "A", ip0), new Rr("web-1." + svc, TTL, "A", ip1));
  }

  /** Scenario 51: no ready pod behind a headless Service → NXDOMAIN with the zone's SOA. */
  @Test
  void aHeadlessServiceWithoutReadyPodsIsNxdomain() {
    String ns = namespace();
    tutorialSet(ns, new Sts().replicas(2).noClaims());
    k(ns, "annotate", "pod", "web-0", "web-1", "keelson.dev/ready=false");
    String svc = "nginx." + ns + ".svc." + ZONE + ".";
    eventually().until(() -> dig.query(svc, "A").status().equals("NXDOMAIN"));
    assertNegative(dig.query(svc, "A"), "NXDOMAIN");
    k(ns, "annotate", "pod", "web-0", "web-1", "keelson.dev/ready-");
    eventually().until(() -> dig.query(svc, "A").answers("A").size() == 2);
  }

  /** Scenario 52: a ClusterIP Service answers with its address and port even without endpoints. */
  @Test
  void aClusterIpServiceWithoutEndpointsAnswersAAndSrv() {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: Service
        metadata:
          name: web-svc
        spec:
          selector: {app: nothing-here}
          ports:
          - {name: http, port: 80}
        """);
    String clusterIp = k(ns, "get", "svc", "web-svc", "-o", "jsonpath={.spec.clusterIP}");
    String svc = "web-svc." + ns + ".svc." + ZONE + ".";
    eventually().until(() -> dig.query(svc, "A").answers("A").equals(Set.of(clusterIp)));
    Response a = dig.query(svc, "A");
    assertThat(a.authoritative()).isTrue();
    assertThat(a.answer()).containsExactly(new Rr(svc, TTL, "A", clusterIp));
    Response srv = dig.query("_http._tcp." + svc, "SRV");
    assertThat(srv.answer()).containsExactly(new Rr("_http._tcp." + svc, TTL, "SRV", "0 100 80 " + svc));
    assertThat(srv.additional()).filteredOn(r -> r.type().equals("A")).containsExactly(new Rr(svc, TTL, "A", clusterIp));
    assertNegative(dig.query("_nope._tcp." + svc, "SRV"), "NXDOMAIN");
  }

  /** Scenario 53: a terminating pod's name is NXDOMAIN during its grace period, then the replacement's. */
  @Test
  void aTerminatingPodDisappearsFromDnsAndItsReplacementAppears() {
    String ns = namespace();
    tutorialSet(ns, new Sts().replicas(2).noClaims().annotations("{keelson.dev/termination: ignore-sigterm}"));
    String name = "web-0.nginx." + ns + ".svc." + ZONE + ".";
    String oldUid = json(ns, "pod", "web-0").path("metadata").path("uid").asText();
    assertThat(dig.query(name, "A").answers("A")).containsExactly(podIp(ns, "web-0"));
    k(ns, "delete", "pod", "web-0", "--wait=false");
    eventually().until(() -> dig.query(name, "A").status().equals("NXDOMAIN"));
    assertThat(json(ns, "pod", "web-0").path("metadata").path("uid").asText())
        .as("asked inside the 10 s grace period").isEqualTo(oldUid);
    assertNegative(dig.query(name, "A"), "NXDOMAIN");
    eventually().until(() -> allHealthy(ns, "web-0")
        && !json(ns, "pod", "web-0").path("metadata").path("uid").asText().equals(oldUid));
    String newIp = podIp(ns, "web-0");
    eventually().until(() -> dig.query(name, "A").answers("A").equals(Set.of(newIp)));
  }

  /** Scenario 54: PTR for a ready pod's address and for the kube-dns ClusterIP. */
  @Test
  void reverseLookupsNameThePodAndKubeDns() {
    String ns = namespace();
    tutorialSet(ns, new Sts().replicas(2).noClaims());
    String ip0 = podIp(ns, "web-0");
    Response ptr = dig.query(reverse(ip0), "PTR");
    assertThat(ptr.authoritative()).isTrue();
    assertThat(ptr.answer()).containsExactly(new Rr(reverse(ip0), TTL, "PTR", "web-0.nginx." + ns + ".svc." + ZONE + "."));
    String kubeDns = kubectl.run("-n", "kube-system", "get", "svc", "kube-dns", "-o", "jsonpath={.spec.clusterIP}").ok();
    assertThat(kubeDns).isEqualTo("10.96.0.10");
    assertThat(dig.query("10.0.96.10.in-addr.arpa.", "PTR").answers("PTR"))
        .containsExactly("kube-dns.kube-system.svc." + ZONE + ".");
  }

  /** Scenario 55: pod A records in insecure mode, for any address in an existing namespace. */
  @Test
  void podRecordsAnswerAnyAddressInAnExistingNamespace() {
    String ns = namespace();
    String name = "10-244-1-5." + ns + ".pod." + ZONE + ".";
    // The namespace reaches the DNS server through its informer, within a second.
    eventually().until(() -> dig.query(name, "A").status().equals("NOERROR"));
    Response pod = dig.query(name, "A");
    assertThat(pod.authoritative()).isTrue();
    assertThat(pod.answer()).containsExactly(new Rr("10-244-1-5." + ns + ".pod." + ZONE + ".", TTL, "A", "10.244.1.5"));
    assertNegative(dig.query("10-244-1-5.nosuchns.pod." + ZONE + ".", "A"), "NXDOMAIN");
  }

  /** Scenario 56: DaemonSet pods (no hostname) behind a headless Service: dashed-IP SRV targets that resolve. */
  @Test
  void daemonPodsBehindAHeadlessServiceGetDashedIpNames() {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: Service
        metadata:
          name: fluentd
        spec:
          clusterIP: None
          selector: {app: fluentd}
          ports:
          - {name: http, port: 24224}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: fluentd
        spec:
          selector:
            matchLabels: {app: fluentd}
          template:
            metadata:
              labels: {app: fluentd}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: fluentd
                image: fluentd:v1
                ports:
                - {containerPort: 24224, name: http}
        """);
    eventually().until(() -> {
      JsonNode pods = json(ns, "pods", "-l", "app=fluentd").path("items");
      if (pods.size() != 3) {
        return false;
      }
      for (JsonNode pod : pods) {
        if (!healthy(pod)) {
          return false;
        }
      }
      return true;
    });
    Set<String> ips = new TreeSet<>();
    for (JsonNode pod : json(ns, "pods", "-l", "app=fluentd").path("items")) {
      ips.add(pod.path("status").path("podIP").asText());
    }
    String svc = "fluentd." + ns + ".svc." + ZONE + ".";
    List<String> expected = new ArrayList<>();
    for (String ip : ips) {
      expected.add("0 33 24224 " + ip.replace('.', '-') + "." + svc);
    }
    eventually().until(() -> dig.query("_http._tcp." + svc, "SRV").answers("SRV").equals(new TreeSet<>(expected)));
    for (String ip : ips) {
      String target = ip.replace('.', '-') + "." + svc;
      assertThat(dig.query(target, "A").answer()).containsExactly(new Rr(target, TTL, "A", ip));
    }
    k(ns, "delete", "ds", "fluentd");
  }

  /** Scenario 57: dns-version, and the NXDOMAIN/NODATA distinctions of the schema. */
  @Test
  void schemaVersionAndNegativeAnswers() {
    String ns = namespace();
    tutorialSet(ns, new Sts().replicas(1).noClaims());
    Response version = dig.query("dns-version." + ZONE + ".", "TXT");
    assertThat(version.authoritative()).isTrue();
    assertThat(version.answer()).containsExactly(new Rr("dns-version." + ZONE + ".", 28800, "TXT", "\"1.1.0\""));
    assertNegative(dig.query("nosuch." + ns + ".svc." + ZONE + ".", "A"), "NXDOMAIN");
    assertNegative(dig.query(ns + ".svc." + ZONE + ".", "A"), "NOERROR");
    assertNegative(dig.query("a.b.web-0.nginx." + ns + ".svc." + ZONE + ".", "A"), "NXDOMAIN");
  }

  /** The in-addr.arpa name of an IPv4 address. */
  static String reverse(String ip) {
    List<String> octets = new ArrayList<>(List.of(ip.split("\\.")));
    java.util.Collections.reverse(octets);
    return String.join(".", octets) + ".in-addr.arpa.";
  }
}
