package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import keelson.e2e.Dig.Response;
import keelson.e2e.Dig.Rr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * §9 DNS scenarios 48–58 asked with the real {@code dig} of the running server's DNS port. The
 * server runs with its default DNS settings (zone {@code cluster.local}, TTL 5 s, pods insecure)
 * except that names outside the zone are refused rather than forwarded, so that nothing leaves
 * loopback; each test has its own namespace, which stands for {@code default} in the scenarios'
 * names. Scenario 58 reads the resolv.conf the simulated kubelet wrote for a pod and expands a
 * short name through its search path as the pod's resolver would.
 */
class DnsScenariosIT extends ClusterScenarios {
  private static final String ZONE = "cluster.local";
  private static final long TTL = 5;
  private Dig dig;

  @Override
  List<String> serverProperties() {
    return List.of("-Dkeelson.dns.upstream=refuse");
  }

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

  /** Scenario 58 (and 48 from inside a pod): names resolved through a pod's own resolv.conf. */
  @Test
  void aPodResolvesShortNamesThroughTheSearchPathItsKubeletWrote() throws Exception {
    String ns = namespace();
    String other = namespace();
    tutorialSet(ns, new Sts().replicas(2).noClaims());
    apply(other, """
        apiVersion: v1
        kind: Pod
        metadata:
          name: client
        spec:
          containers:
          - name: c
            image: busybox
        """);
    eventually().until(() -> allHealthy(other, "client"));

    ResolvConf client = resolvConf(other, "client");
    assertThat(client.nameservers()).containsExactly("10.96.0.10");
    assertThat(client.searches()).startsWith(other + ".svc." + ZONE, "svc." + ZONE, ZONE);
    assertThat(client.ndots()).isEqualTo(5);

    // "nginx" from namespace other: every candidate in the zone is NXDOMAIN, the bare name is not ours.
    List<String> nginx = client.candidates("nginx");
    assertThat(nginx).startsWith("nginx." + other + ".svc." + ZONE + ".", "nginx.svc." + ZONE + ".",
        "nginx." + ZONE + ".").endsWith("nginx.");
    for (String candidate : nginx) {
      Response r = dig.query(candidate, "A");
      if (candidate.endsWith("." + ZONE + ".")) {
        assertNegative(r, "NXDOMAIN");
      } else {
        assertThat(r.status()).as("outside the zone: refused here, so the lookup fails").isEqualTo("REFUSED");
      }
    }

    // "nginx.<ns>": the first candidate is NXDOMAIN, the second is the Service with both pods.
    Response found = resolve(client, "nginx." + ns);
    assertThat(found.answer()).isNotEmpty().allSatisfy(r -> assertThat(r.name()).isEqualTo("nginx." + ns + ".svc." + ZONE + "."));
    assertThat(found.answers("A")).containsExactlyInAnyOrder(podIp(ns, "web-0"), podIp(ns, "web-1"));

    // Scenario 48 as written: web-0 itself resolves "web-0.nginx" through its own search path.
    ResolvConf web0 = resolvConf(ns, "web-0");
    assertThat(web0.searches()).startsWith(ns + ".svc." + ZONE, "svc." + ZONE, ZONE);
    Response self = resolve(web0, "web-0.nginx");
    assertThat(self.answer()).containsExactly(new Rr("web-0.nginx." + ns + ".svc." + ZONE + ".", TTL, "A",
        podIp(ns, "web-0")));

    // The file goes with the pod.
    Path file = resolvConfPath(other, "client");
    k(other, "delete", "pod", "client", "--wait=false");
    eventually().until(() -> !Files.exists(file));
  }

  /** A pod with dnsPolicy None and its own dnsConfig gets exactly that; kube-apiserver's limits apply. */
  @Test
  void dnsPolicyNoneUsesOnlyTheDnsConfigAndItsLimitsAreValidated() throws Exception {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: Pod
        metadata:
          name: custom
        spec:
          dnsPolicy: None
          dnsConfig:
            nameservers: [192.0.2.10]
            searches: [corp.example]
            options:
            - {name: ndots, value: "2"}
            - {name: edns0}
          containers:
          - name: c
            image: busybox
        """);
    eventually().until(() -> allHealthy(ns, "custom"));
    assertThat(Files.readString(resolvConfPath(ns, "custom"))).isEqualTo("""
        search corp.example
        nameserver 192.0.2.10
        options ndots:2 edns0
        """);

    Kubectl.Result none = kubectl.run(java.util.Map.of(), """
        apiVersion: v1
        kind: Pod
        metadata:
          name: bad
        spec:
          dnsPolicy: None
          containers:
          - name: c
            image: busybox
        """, "apply", "-n", ns, "-f", "-");
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.stderr()).isEqualTo("The Pod \"bad\" is invalid: spec.dnsConfig: Required value: "
        + "must provide `dnsConfig` when `dnsPolicy` is None\n");
    Kubectl.Result four = kubectl.run(java.util.Map.of(), """
        apiVersion: v1
        kind: Pod
        metadata:
          name: bad
        spec:
          dnsConfig:
            nameservers: [192.0.2.1, 192.0.2.2, 192.0.2.3, 192.0.2.4]
          containers:
          - name: c
            image: busybox
        """, "apply", "-n", ns, "-f", "-");
    assertThat(four.exitCode()).isNotZero();
    assertThat(four.stderr()).isEqualTo("The Pod \"bad\" is invalid: spec.dnsConfig.nameservers: Invalid value: "
        + "[]string{\"192.0.2.1\", \"192.0.2.2\", \"192.0.2.3\", \"192.0.2.4\"}: must not have more than 3 nameservers\n");
  }

  private Path resolvConfPath(String ns, String pod) {
    String uid = json(ns, "pod", pod).path("metadata").path("uid").asText();
    return server.dataDir().resolve("pods").resolve(uid + ".resolv.conf");
  }

  private ResolvConf resolvConf(String ns, String pod) throws Exception {
    Path file = resolvConfPath(ns, pod);
    eventually().until(() -> Files.exists(file));
    return ResolvConf.parse(Files.readString(file));
  }

  /**
   * Resolves a name as a stub resolver with these settings would: candidates in order, the first
   * answer with records wins. Fails if none answers.
   */
  private Response resolve(ResolvConf conf, String name) {
    for (String candidate : conf.candidates(name)) {
      Response r = dig.query(candidate, "A");
      if (r.status().equals("NOERROR") && !r.answer().isEmpty()) {
        return r;
      }
    }
    throw new AssertionError(name + " does not resolve through " + conf);
  }

  /**
   * The parts of a resolv.conf a stub resolver uses. {@code dig +search} would read only the
   * host's /etc/resolv.conf, so the pod's search list is expanded here as glibc does: a name with
   * at least {@code ndots} dots is tried as is first, otherwise last.
   */
  record ResolvConf(List<String> nameservers, List<String> searches, int ndots) {
    static ResolvConf parse(String text) {
      List<String> nameservers = new ArrayList<>();
      List<String> searches = new ArrayList<>();
      int ndots = 1;
      for (String line : text.split("\n")) {
        String[] f = line.trim().split("\\s+");
        switch (f[0]) {
          case "nameserver" -> nameservers.add(f[1]);
          case "search" -> searches = new ArrayList<>(List.of(f).subList(1, f.length));
          case "options" -> {
            for (int i = 1; i < f.length; i++) {
              if (f[i].startsWith("ndots:")) {
                ndots = Integer.parseInt(f[i].substring(6));
              }
            }
          }
          default -> { }
        }
      }
      return new ResolvConf(nameservers, searches, ndots);
    }

    List<String> candidates(String name) {
      List<String> out = new ArrayList<>();
      long dots = name.chars().filter(c -> c == '.').count();
      if (dots >= ndots) {
        out.add(name + ".");
      }
      searches.forEach(s -> out.add(name + "." + s + "."));
      if (dots < ndots) {
        out.add(name + ".");
      }
      return out;
    }
  }

  /** The in-addr.arpa name of an IPv4 address. */
  static String reverse(String ip) {
    List<String> octets = new ArrayList<>(List.of(ip.split("\\.")));
    java.util.Collections.reverse(octets);
    return String.join(".", octets) + ".in-addr.arpa.";
  }
}
