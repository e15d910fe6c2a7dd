package keelson.nodes.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import keelson.nodes.Fixtures;
import keelson.nodes.Times;
import org.junit.jupiter.api.Test;

class NodeLifecyclePlannerTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(40);

  private static Lease lease(Instant renewed) {
    return new LeaseBuilder().withNewMetadata().withName("n").endMetadata().withNewSpec()
        .withRenewTime(renewed.atZone(ZoneOffset.UTC)).endSpec().build();
  }

  private static Node withReady(Node node, String status) {
    return new NodeBuilder(node).editStatus().editFirstCondition().withStatus(status).endCondition().endStatus().build();
  }

  @Test
  void freshLeaseKeepsTheNodeAndSaysWhenToLookAgain() {
    Node node = Fixtures.node("n", "10.244.0.0/24", "172.18.0.2");
    var plan = NodeLifecyclePlanner.plan(node, lease(T0.plusSeconds(30)), T0.plusSeconds(60), GRACE);
    assertThat(plan.status()).isNull();
    assertThat(plan.taints()).isNull();
    assertThat(plan.recheckAt()).isEqualTo(T0.plusSeconds(70).plusMillis(1));
  }

  @Test
  void staleLeaseMakesEveryConditionUnknown() {
    Node node = Fixtures.node("n", "10.244.0.0/24", "172.18.0.2");
    var plan = NodeLifecyclePlanner.plan(node, lease(T0), T0.plusSeconds(41), GRACE);
    assertThat(plan.status().getConditions()).extracting(NodeCondition::getType)
        .containsExactly("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    NodeCondition ready = plan.status().getConditions().get(0);
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
    assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
    assertThat(ready.getLastTransitionTime()).isEqualTo(Times.format(T0.plusSeconds(41)));
    assertThat(plan.status().getConditions().get(1).getReason()).isEqualTo("NodeStatusNeverUpdated");
  }

  @Test
  void unknownNodeGetsUnreachableTaintsAndLosesThemOnRecovery() {
    Node fresh = Fixtures.node("n", "10.244.0.0/24", "172.18.0.2");
    Node unknown = new NodeBuilder(fresh)
        .withStatus(NodeLifecyclePlanner.plan(fresh, lease(T0), T0.plusSeconds(99), GRACE).status()).build();
    var plan = NodeLifecyclePlanner.plan(unknown, lease(T0), T0.plusSeconds(100), GRACE);
    assertThat(plan.status()).isNull();
    assertThat(plan.taints()).extracting(Taint::getKey, Taint::getEffect).containsExactly(
        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoSchedule"),
        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoExecute"));
    assertThat(plan.taints().get(1).getTimeAdded()).isEqualTo(Times.format(T0.plusSeconds(100)));
    assertThat(plan.taints().get(0).getTimeAdded()).isNull();

    Node tainted = new NodeBuilder(unknown).editSpec().withTaints(plan.taints()).endSpec().build();
    assertThat(NodeLifecyclePlanner.plan(tainted, lease(T0), T0.plusSeconds(101), GRACE).taints()).isNull();

    Node recovered = withReady(tainted, "True");
    var after = NodeLifecyclePlanner.plan(recovered, lease(T0.plusSeconds(110)), T0.plusSeconds(110), GRACE);
    assertThat(after.taints()).isEmpty();
  }

  @Test
  void notReadyNodeGetsNotReadyTaintsAndCordonedNodeUnschedulable() {
    Node node = new NodeBuilder(withReady(Fixtures.node("n", "10.244.0.0/24", "172.18.0.2"), "False")).editSpec()
        .withUnschedulable(true).addNewTaint().withKey("dedicated").withValue("infra").withEffect("NoSchedule")
        .endTaint().endSpec().build();
    var plan = NodeLifecyclePlanner.plan(node, lease(T0), T0.plusSeconds(1), GRACE);
    assertThat(plan.taints()).extracting(Taint::getKey).containsExactly("dedicated", "node.kubernetes.io/not-ready",
        "node.kubernetes.io/not-ready", "node.kubernetes.io/unschedulable");
  }
}
