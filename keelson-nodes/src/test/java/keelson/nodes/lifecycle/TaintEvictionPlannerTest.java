package keelson.nodes.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import keelson.nodes.Fixtures;
import keelson.nodes.Times;
import org.junit.jupiter.api.Test;

class TaintEvictionPlannerTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration DEFAULT = Duration.ofSeconds(300);
  private static final List<Taint> UNREACHABLE = List.of(
      new Taint("NoSchedule", NodeLifecyclePlanner.UNREACHABLE, null, null),
      new Taint("NoExecute", NodeLifecyclePlanner.UNREACHABLE, Times.format(T0), null));

  private static Pod pod() {
    return Fixtures.boundPod("web-0", "n", T0);
  }

  @Test
  void untoleratedTaintEvictsAtOnce() {
    List<Taint> taints = List.of(new Taint("NoExecute", "dedicated", null, "infra"));
    assertThat(TaintEvictionPlanner.evictionTime(pod(), taints, T0.plusSeconds(3), DEFAULT)).contains(T0.plusSeconds(3));
  }

  @Test
  void noScheduleTaintsNeverEvict() {
    List<Taint> taints = List.of(new Taint("NoSchedule", "dedicated", null, "infra"));
    assertThat(TaintEvictionPlanner.evictionTime(pod(), taints, T0, DEFAULT)).isEmpty();
  }

  @Test
  void tolerationSecondsCountFromWhenTheTaintWasAdded() {
    Pod pod = new PodBuilder(pod()).editSpec().addNewToleration().withKey(NodeLifecyclePlanner.UNREACHABLE)
        .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(30L).endToleration().endSpec().build();
    assertThat(TaintEvictionPlanner.evictionTime(pod, UNREACHABLE, T0.plusSeconds(5), DEFAULT)).contains(T0.plusSeconds(30));
  }

  @Test
  void podsWithoutTheirOwnTolerationGetTheAdmissionDefault() {
    assertThat(TaintEvictionPlanner.evictionTime(pod(), UNREACHABLE, T0, DEFAULT)).contains(T0.plusSeconds(300));
  }

  @Test
  void tolerationWithoutSecondsToleratesForever() {
    Pod pod = new PodBuilder(pod()).editSpec().addNewToleration().withOperator("Exists").endToleration().endSpec().build();
    assertThat(TaintEvictionPlanner.evictionTime(pod, UNREACHABLE, T0, DEFAULT)).isEmpty();
  }

  @Test
  void daemonSetPodsStayOnUnreachableNodes() {
    Pod pod = new PodBuilder(pod()).editMetadata().addNewOwnerReference().withKind("DaemonSet").withName("ds")
        .withController(true).endOwnerReference().endMetadata().build();
    assertThat(TaintEvictionPlanner.evictionTime(pod, UNREACHABLE, T0, DEFAULT)).isEmpty();
  }

  @Test
  void terminatingPodsAreLeftAlone() {
    Pod pod = new PodBuilder(pod()).editMetadata().withDeletionTimestamp(Times.format(T0)).endMetadata().build();
    assertThat(TaintEvictionPlanner.evictionTime(pod, List.of(new Taint("NoExecute", "x", null, null)), T0, DEFAULT))
        .isEmpty();
  }

  @Test
  void tolerationMatchingFollowsOperatorsAndEffects() {
    Taint taint = new Taint("NoExecute", "dedicated", null, "infra");
    assertThat(TaintEvictionPlanner.tolerates(new io.fabric8.kubernetes.api.model.Toleration("NoExecute", "dedicated",
        "Equal", null, "infra"), taint)).isTrue();
    assertThat(TaintEvictionPlanner.tolerates(new io.fabric8.kubernetes.api.model.Toleration("NoSchedule", "dedicated",
        "Equal", null, "infra"), taint)).isFalse();
    assertThat(TaintEvictionPlanner.tolerates(new io.fabric8.kubernetes.api.model.Toleration(null, "dedicated",
        "Equal", null, "other"), taint)).isFalse();
    assertThat(TaintEvictionPlanner.tolerates(new io.fabric8.kubernetes.api.model.Toleration(null, null,
        "Exists", null, null), taint)).isTrue();
  }
}
