package keelson.scheduler.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailedSchedulingTest {

  @Test
  void histogramsAreSortedAndPreemptionIsReported() {
    String message = FailedScheduling.message(3, List.of(
        FilterResult.unresolvable("node(s) didn't match Pod's node affinity/selector"),
        FilterResult.unschedulable(List.of("Insufficient cpu")),
        FilterResult.unschedulable(List.of("Insufficient cpu"))));
    assertThat(message).isEqualTo("0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
        + "2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
        + "2 No preemption victims found for incoming pod.");
  }

  @Test
  void aNodeWithSeveralShortagesCountsEach() {
    String message = FailedScheduling.message(1, List.of(
        FilterResult.unschedulable(List.of("Insufficient cpu", "Insufficient memory"))));
    assertThat(message).isEqualTo("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. "
        + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  }

  @Test
  void daemonPodMessageCountsTheNodesOutsideItsAffinity() {
    String message = FailedScheduling.message(4, List.of(
        FilterResult.unresolvable(NodeAffinity.PRE_FILTER_REASON),
        FilterResult.unresolvable(NodeAffinity.PRE_FILTER_REASON),
        FilterResult.unresolvable(NodeAffinity.PRE_FILTER_REASON),
        FilterResult.unschedulable(List.of("Insufficient cpu"))));
    assertThat(message).isEqualTo("0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy "
        + "plugin(s) [NodeAffinity]. preemption: 0/4 nodes are available: 1 No preemption victims found for "
        + "incoming pod, 3 Preemption is not helpful for scheduling.");
  }

  @Test
  void preFilterFailuresNameNoNodes() {
    assertThat(FailedScheduling.preFilterMessage(3, "pod has unbound immediate PersistentVolumeClaims"))
        .isEqualTo("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
            + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  }

  @Test
  void noNodesAtAll() {
    assertThat(FailedScheduling.message(0, List.of())).isEqualTo("no nodes available to schedule pods");
  }
}
