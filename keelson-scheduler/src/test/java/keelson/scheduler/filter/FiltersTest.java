package keelson.scheduler.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import keelson.scheduler.Nodes;
import keelson.scheduler.Pods;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiltersTest {

  @Test
  void nodeNameFitsOnlyTheNamedNode() {
    PodInfo pod = Pods.info(Pods.boundTo(Pods.pending("p"), "n1"));
    assertThat(new NodeName().filter(pod, Nodes.info("n1")).fits()).isTrue();
    assertThat(new NodeName().filter(pod, Nodes.info("n2")))
        .isEqualTo(FilterResult.unresolvable("node(s) didn't match the requested node name"));
    assertThat(new NodeName().filter(Pods.info("q"), Nodes.info("n2")).fits()).isTrue();
  }

  @Test
  void nodeSelectorNeedsEveryLabel() {
    PodInfo pod = Pods.info(Pods.withNodeSelector("p", "disk", "ssd"));
    assertThat(new NodeAffinity().filter(pod, Nodes.info(Nodes.labelled("n1", "disk", "ssd"))).fits()).isTrue();
    assertThat(new NodeAffinity().filter(pod, Nodes.info(Nodes.labelled("n2", "disk", "hdd"))).reasons())
        .containsExactly("node(s) didn't match Pod's node affinity/selector");
    assertThat(new NodeAffinity().filter(pod, Nodes.info("n3")).fits()).isFalse();
  }

  @ParameterizedTest(name = "{1} {2} on {0}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "ssd  | In           | ssd,nvme | true",
      "hdd  | In           | ssd,nvme | false",
      "null | In           | ssd      | false",
      "hdd  | NotIn        | ssd      | true",
      "null | NotIn        | ssd      | true",
      "ssd  | NotIn        | ssd      | false",
      "x    | Exists       |          | true",
      "null | Exists       |          | false",
      "null | DoesNotExist |          | true",
      "x    | DoesNotExist |          | false",
      "8    | Gt           | 4        | true",
      "4    | Gt           | 4        | false",
      "abc  | Gt           | 4        | false",
      "2    | Lt           | 4        | true",
      "null | Lt           | 4        | false",
      "9    | Lt           | 4        | false",
      "9    | Bogus        | 4        | false"})
  void requiredAffinityOperators(String label, String operator, String values, boolean fits) {
    var node = label == null ? Nodes.ready("n1") : Nodes.labelled("n1", "disk", label);
    String[] vs = values == null ? new String[0] : values.split(",");
    PodInfo pod = Pods.info(Pods.requiringLabel("p", "disk", operator, vs));
    assertThat(new NodeAffinity().filter(pod, Nodes.info(node)).fits()).isEqualTo(fits);
  }

  @Test
  void affinityTermsAreOredAndEmptyTermsMatchNothing() {
    var selector = new NodeSelectorBuilder()
        .addToNodeSelectorTerms(new NodeSelectorTermBuilder().build())
        .addToNodeSelectorTerms(new NodeSelectorTermBuilder().addToMatchExpressions(
            new NodeSelectorRequirementBuilder().withKey("a").withOperator("Exists").build()).build())
        .build();
    assertThat(NodeSelectors.matches(selector, Map.of("a", "1"), "n")).isTrue();
    assertThat(NodeSelectors.matches(selector, Map.of(), "n")).isFalse();
  }

  @Test
  void matchFieldsPinsTheNodeByName() {
    PodInfo pod = Pods.info(Pods.daemon("ds-x", "n2"));
    assertThat(new NodeAffinity().filter(pod, Nodes.info("n2")).fits()).isTrue();
    assertThat(new NodeAffinity().filter(pod, Nodes.info("n1")).fits()).isFalse();
    assertThat(NodeAffinity.preFilterNodeNames(pod)).contains(java.util.Set.of("n2"));
    assertThat(NodeAffinity.preFilterNodeNames(Pods.info("plain"))).isEmpty();
  }

  @Test
  void noScheduleAndNoExecuteTaintsMustBeTolerated() {
    var node = Nodes.info(Nodes.tainted("n1", "dedicated", "gpu", "NoSchedule"));
    assertThat(new TaintToleration().filter(Pods.info("p"), node).reasons())
        .containsExactly("node(s) had untolerated taint {dedicated: gpu}");
    assertThat(new TaintToleration().filter(
        Pods.info(Pods.tolerating("p", "dedicated", "Equal", "gpu", "NoSchedule")), node).fits()).isTrue();
    assertThat(new TaintToleration().filter(
        Pods.info(Pods.tolerating("p", "dedicated", "Equal", "cpu", "NoSchedule")), node).fits()).isFalse();
    assertThat(new TaintToleration().filter(
        Pods.info(Pods.tolerating("p", "dedicated", "Exists", null, null)), node).fits()).isTrue();
    assertThat(new TaintToleration().filter(
        Pods.info(Pods.tolerating("p", null, "Exists", null, null)), node).fits()).isTrue();
    assertThat(new TaintToleration().filter(
        Pods.info(Pods.tolerating("p", "dedicated", "Exists", null, "NoExecute")), node).fits()).isFalse();
    var noExecute = Nodes.info(Nodes.tainted("n2", "node.kubernetes.io/not-ready", null, "NoExecute"));
    assertThat(new TaintToleration().filter(Pods.info("p"), noExecute).reasons())
        .containsExactly("node(s) had untolerated taint {node.kubernetes.io/not-ready: }");
  }

  @Test
  void preferNoScheduleTaintsDoNotFilter() {
    var node = Nodes.info(Nodes.tainted("n1", "spot", "true", "PreferNoSchedule"));
    assertThat(new TaintToleration().filter(Pods.info("p"), node).fits()).isTrue();
  }

  @Test
  void cordonedNodesTakeOnlyPodsToleratingUnschedulable() {
    var node = Nodes.info(Nodes.cordoned("n1"));
    assertThat(new NodeUnschedulable().filter(Pods.info("p"), node))
        .isEqualTo(FilterResult.unresolvable("node(s) were unschedulable"));
    assertThat(new NodeUnschedulable().filter(
        Pods.info(Pods.tolerating("ds", "node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")), node)
        .fits()).isTrue();
    assertThat(new NodeUnschedulable().filter(Pods.info("p"), Nodes.info("n2")).fits()).isTrue();
  }

  @Test
  void requestsMustFitWhatIsLeftIncludingAssumedPods() {
    NodeInfo node = Nodes.info(Nodes.sized("n1", "2", "4Gi", 3));
    PodInfo big = Pods.info(Pods.requesting("big", "1500m", "3Gi"));
    assertThat(new NodeResourcesFit().filter(big, node).fits()).isTrue();
    node.with(big);
    PodInfo another = Pods.info(Pods.requesting("another", "600m", "2Gi"));
    assertThat(new NodeResourcesFit().filter(another, node).reasons())
        .containsExactly("Insufficient cpu", "Insufficient memory");
    assertThat(new NodeResourcesFit().filter(Pods.info(Pods.requesting("fits", "500m", "1Gi")), node).fits()).isTrue();
    assertThat(new NodeResourcesFit().filter(another, node).unresolvable()).isFalse();
  }

  @Test
  void podCountIsLimitedEvenWithoutRequests() {
    NodeInfo node = Nodes.info(Nodes.sized("n1", "2", "4Gi", 2));
    node.with(Pods.info("a")).with(Pods.info("b"));
    assertThat(new NodeResourcesFit().filter(Pods.info("c"), node).reasons()).containsExactly("Too many pods");
  }

  @Test
  void ephemeralStorageAndExtendedResourcesAreFitted() {
    NodeInfo node = Nodes.info(Nodes.ready("n1"));
    var pod = new PodBuilder(Pods.pending("p")).editSpec().editFirstContainer().editResources()
        .withRequests(Map.of("ephemeral-storage", new Quantity("200Gi"), "nvidia.com/gpu", new Quantity("1")))
        .endResources().endContainer().endSpec().build();
    assertThat(new NodeResourcesFit().filter(Pods.info(pod), node).reasons())
        .containsExactly("Insufficient ephemeral-storage", "Insufficient nvidia.com/gpu");
  }

  @Test
  void initContainersCountAtTheirPeak() {
    var pod = new PodBuilder(Pods.requesting("p", "500m", null)).editSpec()
        .addNewInitContainer().withName("init").withNewResources()
        .withRequests(Map.of("cpu", new Quantity("3"))).endResources().endInitContainer()
        .endSpec().build();
    assertThat(Pods.info(pod).requests().milliCpu()).isEqualTo(3000);
  }

  @Test
  void hostPortsMustBeFree() {
    NodeInfo node = Nodes.info("n1").with(Pods.info(Pods.boundTo(Pods.withHostPort("a", 8080), "n1")));
    assertThat(new NodePorts().filter(Pods.info(Pods.withHostPort("b", 8080)), node).reasons())
        .containsExactly("node(s) didn't have free ports for the requested pod ports");
    assertThat(new NodePorts().filter(Pods.info(Pods.withHostPort("c", 9090)), node).fits()).isTrue();
  }

  @Test
  void boundVolumesPinTheirNode() {
    var affinity = new NodeSelectorBuilder().addToNodeSelectorTerms(new NodeSelectorTermBuilder()
        .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("kubernetes.io/hostname")
            .withOperator("In").withValues("n2").build()).build()).build();
    var filter = new VolumeBinding(new VolumeConstraints(null, List.of(affinity), false, List.of()));
    assertThat(filter.filter(Pods.info("p"), Nodes.info("n2")).fits()).isTrue();
    assertThat(filter.filter(Pods.info("p"), Nodes.info("n1")).reasons())
        .containsExactly("node(s) had volume node affinity conflict");
  }

  @Test
  void theChainReportsTheFirstFailingFilterOnly() {
    var node = Nodes.info(Nodes.sized("n1", "1", "1Gi", 110));
    var tainted = Nodes.info(Nodes.readyBuilder("n2").editSpec().withUnschedulable(true).endSpec().build());
    PodInfo pod = Pods.info(Pods.requesting("p", "2", null));
    assertThat(Filters.defaults().run(pod, node).reasons()).containsExactly("Insufficient cpu");
    assertThat(Filters.defaults().run(pod, tainted).reasons()).containsExactly("node(s) were unschedulable");
  }
}
