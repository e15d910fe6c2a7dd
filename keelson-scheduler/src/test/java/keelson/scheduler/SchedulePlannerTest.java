package keelson.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import keelson.scheduler.cache.NodeInfo;
import keelson.scheduler.filter.VolumeConstraints;
import org.junit.jupiter.api.Test;

class SchedulePlannerTest {
  private final SchedulePlanner planner = SchedulePlanner.defaults();
  private final SplittableRandom random = new SplittableRandom(3);

  @Test
  void bindsToTheOnlyFittingNode() {
    List<NodeInfo> nodes = List.of(Nodes.info(Nodes.cordoned("n1")), Nodes.info("n2"),
        Nodes.info(Nodes.tainted("n3", "k", "v", "NoSchedule")));
    assertThat(planner.schedule(Pods.info("p"), VolumeConstraints.NONE, nodes, 0, random))
        .isEqualTo(new Decision.Bind("n2", 3));
  }

  @Test
  void unschedulablePodsGetKubeSchedulersMessage() {
    List<NodeInfo> nodes = List.of(Nodes.info(Nodes.labelled("n1", "disk", "hdd")),
        Nodes.info(new io.fabric8.kubernetes.api.model.NodeBuilder(Nodes.sized("n2", "1", "1Gi", 10))
            .editMetadata().addToLabels("disk", "ssd").endMetadata().build()),
        Nodes.info(Nodes.readyBuilder("n3").editMetadata().addToLabels("disk", "ssd").endMetadata()
            .editStatus().addToAllocatable("cpu", new io.fabric8.kubernetes.api.model.Quantity("1")).endStatus().build()));
    var pod = Pods.info(new io.fabric8.kubernetes.api.model.PodBuilder(Pods.requesting("p", "2", null))
        .editSpec().addToNodeSelector("disk", "ssd").endSpec().build());
    var decision = planner.schedule(pod, VolumeConstraints.NONE, nodes, 0, random);
    assertThat(decision).isInstanceOf(Decision.Unschedulable.class);
    assertThat(((Decision.Unschedulable) decision).message()).isEqualTo(
        "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu. "
            + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
            + "2 No preemption victims found for incoming pod.");
  }

  @Test
  void daemonPodsAreBoundThroughTheirMatchFields() {
    List<NodeInfo> nodes = List.of(Nodes.info("n1"), Nodes.info("n2"), Nodes.info("n3"));
    assertThat(planner.schedule(Pods.info(Pods.daemon("ds-a", "n3")), VolumeConstraints.NONE, nodes, 1, random))
        .isEqualTo(new Decision.Bind("n3", 1));
    List<NodeInfo> full = List.of(Nodes.info("n1"), Nodes.info(Nodes.sized("n2", "1", "1Gi", 0)), Nodes.info("n3"));
    var decision = planner.schedule(Pods.info(Pods.daemon("ds-b", "n2")), VolumeConstraints.NONE, full, 0, random);
    assertThat(((Decision.Unschedulable) decision).message()).isEqualTo(
        "0/3 nodes are available: 1 Too many pods, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, "
            + "2 Preemption is not helpful for scheduling.");
  }

  @Test
  void aNodeNamedByMatchFieldsIsLookedUpWithTheSameDecisions() {
    List<NodeInfo> full = List.of(Nodes.info("n1"), Nodes.info(Nodes.sized("n2", "1", "1Gi", 0)), Nodes.info("n3"));
    java.util.Map<String, NodeInfo> byName = new java.util.HashMap<>();
    full.forEach(n -> byName.put(n.name(), n));
    assertThat(planner.schedule(Pods.info(Pods.daemon("ds-a", "n3")), VolumeConstraints.NONE, full, byName::get, 1,
        random)).isEqualTo(new Decision.Bind("n3", 1));
    for (String node : List.of("n2", "gone")) {
      var pod = Pods.info(Pods.daemon("ds-b", node));
      assertThat(planner.schedule(pod, VolumeConstraints.NONE, full, byName::get, 0, random))
          .isEqualTo(planner.schedule(pod, VolumeConstraints.NONE, full, 0, random));
    }
  }

  @Test
  void volumePreFilterFailuresRuleOutEveryNode() {
    var decision = planner.schedule(Pods.info("p"), VolumeConstraints.failure("persistentvolumeclaim \"data\" not found"),
        List.of(Nodes.info("n1")), 0, random);
    assertThat(((Decision.Unschedulable) decision).message()).isEqualTo(
        "0/1 nodes are available: persistentvolumeclaim \"data\" not found. "
            + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  }

  @Test
  void noNodes() {
    assertThat(planner.schedule(Pods.info("p"), VolumeConstraints.NONE, List.of(), 0, random))
        .isEqualTo(new Decision.Unschedulable("no nodes available to schedule pods", 0));
  }

  @Test
  void largeClustersStopAfterEnoughFeasibleNodes() {
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      nodes.add(Nodes.info("n" + i));
    }
    assertThat(SchedulePlanner.feasibleNodesToFind(1000)).isEqualTo(420);
    assertThat(SchedulePlanner.feasibleNodesToFind(5000)).isEqualTo(500);
    assertThat(SchedulePlanner.feasibleNodesToFind(99)).isEqualTo(99);
    assertThat(planner.schedule(Pods.info("p"), VolumeConstraints.NONE, nodes, 990, random).examined()).isEqualTo(420);
  }
}
