package keelson.nodes.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOptionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §4.9: what kubelet writes to /etc/resolv.conf, and the names a pod's resolver then tries. */
class ResolverConfigTest {
  private static Pod pod(String ns, String policy, Boolean hostNetwork) {
    return new PodBuilder().withNewMetadata().withNamespace(ns).withName("p").endMetadata()
        .withNewSpec().withDnsPolicy(policy).withHostNetwork(hostNetwork).endSpec().build();
  }

  @Test
  void clusterFirstIsTheDefault() {
    ResolverConfig c = ResolverConfig.forPod(pod("default", null, null), "10.96.0.10", "cluster.local");
    assertThat(c.nameservers()).containsExactly("10.96.0.10");
    assertThat(c.searches()).containsExactly("default.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(c.options()).containsExactly("ndots:5");
    assertThat(c.toResolvConf()).isEqualTo("""
        search default.svc.cluster.local svc.cluster.local cluster.local
        nameserver 10.96.0.10
        options ndots:5
        """);
  }

  @Test
  void nodeSearchDomainsFollowTheClusterOnes() {
    ResolverConfig node = new ResolverConfig(List.of("10.0.0.2"), List.of("corp.example"), List.of());
    ResolverConfig c = ResolverConfig.forPod(pod("other", "ClusterFirst", false), "10.96.0.10", "cluster.local", node);
    assertThat(c.searches()).containsExactly("other.svc.cluster.local", "svc.cluster.local", "cluster.local",
        "corp.example");
    assertThat(c.nameservers()).containsExactly("10.96.0.10");
  }

  @Test
  void hostNetworkClusterFirstFallsBackToTheNodeUnlessWithHostNet() {
    ResolverConfig node = new ResolverConfig(List.of("10.0.0.2"), List.of(), List.of());
    assertThat(ResolverConfig.forPod(pod("default", "ClusterFirst", true), "10.96.0.10", "cluster.local", node)
        .nameservers()).containsExactly("10.0.0.2");
    assertThat(ResolverConfig.forPod(pod("default", "ClusterFirstWithHostNet", true), "10.96.0.10", "cluster.local",
        node).nameservers()).containsExactly("10.96.0.10");
    assertThat(ResolverConfig.forPod(pod("default", "Default", false), "10.96.0.10", "cluster.local", node)
        .nameservers()).containsExactly("10.0.0.2");
  }

  @Test
  void dnsConfigIsMergedAndNoneUsesOnlyIt() {
    Pod p = pod("default", "ClusterFirst", null);
    p.getSpec().setDnsConfig(new io.fabric8.kubernetes.api.model.PodDNSConfigBuilder()
        .withNameservers("1.1.1.1").withSearches("extra.example", "svc.cluster.local")
        .withOptions(new PodDNSConfigOptionBuilder().withName("ndots").withValue("2").build(),
            new PodDNSConfigOptionBuilder().withName("edns0").build()).build());
    ResolverConfig c = ResolverConfig.forPod(p, "10.96.0.10", "cluster.local");
    assertThat(c.nameservers()).containsExactly("10.96.0.10", "1.1.1.1");
    assertThat(c.searches()).containsExactly("default.svc.cluster.local", "svc.cluster.local", "cluster.local",
        "extra.example");
    assertThat(c.options()).containsExactly("ndots:2", "edns0");
    p.getSpec().setDnsPolicy("None");
    assertThat(ResolverConfig.forPod(p, "10.96.0.10", "cluster.local").nameservers()).containsExactly("1.1.1.1");
  }

  @Test
  void searchPathCandidatesWithNdots5() {
    ResolverConfig fromDefault = ResolverConfig.forPod(pod("default", null, null), "10.96.0.10", "cluster.local");
    assertThat(fromDefault.candidates("web-0.nginx").get(0)).isEqualTo("web-0.nginx.default.svc.cluster.local.");
    assertThat(fromDefault.candidates("nginx.default")).startsWith(
        "nginx.default.default.svc.cluster.local.", "nginx.default.svc.cluster.local.");
    ResolverConfig fromOther = ResolverConfig.forPod(pod("other", null, null), "10.96.0.10", "cluster.local");
    assertThat(fromOther.candidates("nginx")).containsExactly("nginx.other.svc.cluster.local.",
        "nginx.svc.cluster.local.", "nginx.cluster.local.", "nginx.");
    assertThat(fromOther.candidates("a.b.c.d.e.f")).startsWith("a.b.c.d.e.f.");
  }

  @Test
  void aNodeResolvConfIsReadAsKubeletReadsIt() {
    ResolverConfig node = ResolverConfig.parse("""
        # generated
        nameserver 10.0.0.2
        search corp.example. lab.example
        nameserver 10.0.0.3
        options edns0 trust-ad
        """);
    assertThat(node.nameservers()).containsExactly("10.0.0.2", "10.0.0.3");
    assertThat(node.searches()).containsExactly("corp.example", "lab.example");
    assertThat(node.options()).containsExactly("edns0", "trust-ad");
    assertThat(ResolverConfig.forPod(pod("default", "Default", false), "10.96.0.10", "cluster.local", node)
        .toResolvConf()).isEqualTo("""
        search corp.example lab.example
        nameserver 10.0.0.2
        nameserver 10.0.0.3
        options edns0 trust-ad
        """);
  }

  @Test
  void searchPathsAreCutToKubeletsLimits() {
    Pod p = pod("default", "ClusterFirst", null);
    List<String> many = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add("d" + i + ".example");
    }
    many.add(3, "x".repeat(254));
    p.getSpec().setDnsConfig(new io.fabric8.kubernetes.api.model.PodDNSConfigBuilder().withSearches(many).build());
    ResolverConfig c = ResolverConfig.forPod(p, "10.96.0.10", "cluster.local");
    assertThat(c.searches()).hasSize(31).doesNotContain("x".repeat(254)).startsWith("default.svc.cluster.local");
    List<String> long9 = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long9.add(i + "." + "a".repeat(200) + ".example");
    }
    p.getSpec().setDnsConfig(new io.fabric8.kubernetes.api.model.PodDNSConfigBuilder().withSearches(long9).build());
    ResolverConfig cut = ResolverConfig.forPod(p, "10.96.0.10", "cluster.local");
    assertThat(String.join(" ", cut.searches()).length()).isLessThanOrEqualTo(2048);
    assertThat(cut.searches()).hasSize(3 + 9);
  }
}
