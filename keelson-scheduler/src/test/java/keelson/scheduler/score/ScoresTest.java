package keelson.scheduler.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import keelson.scheduler.Nodes;
import keelson.scheduler.Pods;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.cache.PodInfo;
import org.junit.jupiter.api.Test;

class ScoresTest {

  @Test
  void leastAllocatedPrefersTheEmptierNode() {
    NodeInfo busy = Nodes.info("busy").with(Pods.info(Pods.requesting("a", "2", "4Gi")));
    NodeInfo idle = Nodes.info("idle");
    long[] s = new LeastAllocated().score(Pods.info(Pods.requesting("p", "1", "1Gi")), List.of(busy, idle));
    assertThat(s[1]).isGreaterThan(s[0]);
    // idle: cpu (4000-1000)/4000 = 75, memory (8Gi-1Gi)/8Gi = 87 -> 81
    assertThat(s[1]).isEqualTo(81);
  }

  @Test
  void leastAllocatedCountsDefaultsForPodsRequestingNothing() {
    PodInfo pod = Pods.info("p");
    assertThat(pod.nonZeroRequests().milliCpu()).isEqualTo(100);
    assertThat(pod.nonZeroRequests().memory()).isEqualTo(200L * 1024 * 1024);
    assertThat(pod.requests().isZero()).isTrue();
  }

  @Test
  void balancedAllocationPrefersEvenUse() {
    NodeInfo cpuHeavy = Nodes.info("cpu").with(Pods.info(Pods.requesting("a", "3", "1Gi")));
    NodeInfo even = Nodes.info("even").with(Pods.info(Pods.requesting("b", "2", "4Gi")));
    long[] s = new BalancedAllocation().score(Pods.info("p"), List.of(cpuHeavy, even));
    assertThat(s[1]).isEqualTo(100);
    assertThat(s[0]).isLessThan(s[1]);
  }

  @Test
  void preferNoScheduleTaintsLowerTheScoreUnlessTolerated() {
    NodeInfo spot = Nodes.info(Nodes.tainted("spot", "spot", "true", "PreferNoSchedule"));
    NodeInfo plain = Nodes.info("plain");
    assertThat(new TaintPreference().score(Pods.info("p"), List.of(spot, plain))).containsExactly(0, 100);
    PodInfo tolerant = Pods.info(Pods.tolerating("t", "spot", "Exists", null, "PreferNoSchedule"));
    assertThat(new TaintPreference().score(tolerant, List.of(spot, plain))).containsExactly(100, 100);
  }

  @Test
  void preferredAffinityScoresByMatchedWeight() {
    var pod = new PodBuilder(Pods.pending("p")).editSpec().withNewAffinity().withNewNodeAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(80).withNewPreference()
        .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("disk").withOperator("In").withValues("ssd").build())
        .endPreference().endPreferredDuringSchedulingIgnoredDuringExecution()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(20).withNewPreference()
        .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("zone").withOperator("Exists").build())
        .endPreference().endPreferredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity().endAffinity().endSpec().build();
    NodeInfo ssd = Nodes.info(Nodes.labelled("ssd", "disk", "ssd"));
    NodeInfo zoned = Nodes.info(Nodes.labelled("zoned", "zone", "a"));
    NodeInfo none = Nodes.info("none");
    assertThat(new PreferredNodeAffinity().score(Pods.info(pod), List.of(ssd, zoned, none))).containsExactly(100, 25, 0);
  }

  @Test
  void ownerSpreadPrefersNodesWithFewerSiblings() {
    NodeInfo two = Nodes.info("two")
        .with(Pods.info(Pods.ownedBy(Pods.pending("a"), "rs1")))
        .with(Pods.info(Pods.ownedBy(Pods.pending("b"), "rs1")));
    NodeInfo one = Nodes.info("one").with(Pods.info(Pods.ownedBy(Pods.pending("c"), "rs1")));
    NodeInfo zero = Nodes.info("zero").with(Pods.info(Pods.ownedBy(Pods.pending("d"), "other")));
    PodInfo pod = Pods.info(Pods.ownedBy(Pods.pending("p"), "rs1"));
    assertThat(new OwnerSpread().score(pod, List.of(two, one, zero))).containsExactly(0, 50, 100);
    assertThat(new OwnerSpread().score(Pods.info("orphan"), List.of(two, one, zero))).containsExactly(0, 0, 0);
  }

  @Test
  void replicasSpreadEvenlyOverIdenticalNodes() {
    List<NodeInfo> nodes = List.of(Nodes.info("n1"), Nodes.info("n2"), Nodes.info("n3"));
    Scoring scoring = Scoring.defaults();
    SplittableRandom random = new SplittableRandom(42);
    Map<String, Integer> placed = new HashMap<>();
    for (int i = 0; i < 9; i++) {
      PodInfo pod = Pods.info(Pods.ownedBy(Pods.requesting("web-" + i, "100m", "128Mi"), "rs1"));
      NodeInfo chosen = scoring.pick(pod, nodes, random);
      chosen.with(pod);
      placed.merge(chosen.name(), 1, Integer::sum);
    }
    assertThat(placed).containsOnly(Map.entry("n1", 3), Map.entry("n2", 3), Map.entry("n3", 3));
  }

  @Test
  void tiesAreBrokenBySeededRandom() {
    List<NodeInfo> nodes = List.of(Nodes.info("n1"), Nodes.info("n2"), Nodes.info("n3"));
    PodInfo pod = Pods.info("p");
    String first = Scoring.defaults().pick(pod, nodes, new SplittableRandom(7)).name();
    for (int i = 0; i < 5; i++) {
      assertThat(Scoring.defaults().pick(pod, nodes, new SplittableRandom(7)).name()).isEqualTo(first);
    }
    var seen = new java.util.HashSet<String>();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      seen.add(Scoring.defaults().pick(pod, nodes, random).name());
    }
    assertThat(seen).containsExactlyInAnyOrder("n1", "n2", "n3");
  }
}
