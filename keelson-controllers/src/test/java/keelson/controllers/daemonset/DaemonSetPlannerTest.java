package keelson.controllers.daemonset;

import static keelson.controllers.daemonset.Fixtures.T0;
import static keelson.controllers.daemonset.Fixtures.daemonSet;
import static keelson.controllers.daemonset.Fixtures.node;
import static keelson.controllers.daemonset.Fixtures.runningPod;
import static keelson.controllers.daemonset.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import keelson.controllers.daemonset.DaemonSetPlanner.NodeDecision;
import keelson.controllers.daemonset.PodAction.CreatePod;
import keelson.controllers.daemonset.PodAction.DeletePod;
import keelson.controllers.daemonset.PodAction.DeleteReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonSetPlannerTest {
  private static final String HASH = "6d5f84cb9c";
  private static final Instant NOW = T0.plusSeconds(3600);

  static Stream<Arguments> shouldRunTable() {
    return Stream.of(
        Arguments.of("plain node", node("n"), true, true),
        Arguments.of("cordoned (unschedulable taint is auto-tolerated)",
            node("n", taint("node.kubernetes.io/unschedulable", "NoSchedule")), true, true),
        Arguments.of("NotReady NoSchedule blocks new pods, existing stay",
            node("n", taint("node.kubernetes.io/not-ready", "NoSchedule")), false, true),
        Arguments.of("not-ready NoExecute is auto-tolerated",
            node("n", taint("node.kubernetes.io/not-ready", "NoExecute")), true, true),
        Arguments.of("unreachable NoExecute is auto-tolerated",
            node("n", taint("node.kubernetes.io/unreachable", "NoExecute")), true, true),
        Arguments.of("pressure taints are auto-tolerated",
            node("n", taint("node.kubernetes.io/disk-pressure", "NoSchedule"),
                taint("node.kubernetes.io/memory-pressure", "NoSchedule"),
                taint("node.kubernetes.io/pid-pressure", "NoSchedule")), true, true),
        Arguments.of("network-unavailable is tolerated only with hostNetwork",
            node("n", taint("node.kubernetes.io/network-unavailable", "NoSchedule")), false, true),
        Arguments.of("control-plane NoSchedule", node("n", taint("node-role.kubernetes.io/control-plane", "NoSchedule")),
            false, true),
        Arguments.of("untolerated NoSchedule: misscheduled", node("n", taint("dedicated", "infra", "NoSchedule")),
            false, true),
        Arguments.of("untolerated NoExecute: evicted", node("n", taint("dedicated", "infra", "NoExecute")),
            false, false),
        Arguments.of("NoSchedule and NoExecute untolerated", node("n", taint("a", "NoSchedule"), taint("b", "NoExecute")),
            false, false),
        Arguments.of("PreferNoSchedule is ignored", node("n", taint("soft", "PreferNoSchedule")), true, true),
        Arguments.of("nodeSelector not matching", node("n", Map.of("disk", "hdd")), true, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shouldRunTable")
  void shouldRunFollowsTheTaintAndAffinityTable(String description, Node node, boolean shouldRun, boolean keep) {
    assertThat(DaemonSetPlanner.shouldRun(node, daemonSet())).isEqualTo(new NodeDecision(shouldRun, keep));
  }

  @Test
  void nodeSelectorMustMatchLabels() {
    DaemonSet ds = daemonSet();
    ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("disk", "ssd"));
    assertThat(DaemonSetPlanner.shouldRun(node("n", Map.of("disk", "hdd")), ds)).isEqualTo(new NodeDecision(false, false));
    assertThat(DaemonSetPlanner.shouldRun(node("n", Map.of()), ds)).isEqualTo(new NodeDecision(false, false));
    assertThat(DaemonSetPlanner.shouldRun(node("n", Map.of("disk", "ssd")), ds)).isEqualTo(new NodeDecision(true, true));
  }

  @Test
  void templateNodeNameRestrictsToThatNode() {
    DaemonSet ds = daemonSet();
    ds.getSpec().getTemplate().getSpec().setNodeName("a");
    assertThat(DaemonSetPlanner.shouldRun(node("a"), ds).shouldRun()).isTrue();
    assertThat(DaemonSetPlanner.shouldRun(node("b"), ds)).isEqualTo(new NodeDecision(false, false));
  }

  @Test
  void requiredNodeAffinityIsEvaluatedAndPreferredIgnored() {
    DaemonSet ds = daemonSet();
    ds.getSpec().getTemplate().getSpec().setAffinity(new io.fabric8.kubernetes.api.model.AffinityBuilder()
        .withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().withMatchExpressions(new NodeSelectorRequirement("zone", "In", List.of("a", "b")))
        .endNodeSelectorTerm()
        .addNewNodeSelectorTerm().withMatchFields(new NodeSelectorRequirement("metadata.name", "In", List.of("special")))
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
    assertThat(DaemonSetPlanner.shouldRun(node("x", Map.of("zone", "a")), ds).shouldRun()).isTrue();
    assertThat(DaemonSetPlanner.shouldRun(node("x", Map.of("zone", "c")), ds).shouldRun()).isFalse();
    assertThat(DaemonSetPlanner.shouldRun(node("special", Map.of()), ds).shouldRun()).isTrue();
  }

  @Test
  void tolerateEverythingRunsOnNotReadyAndControlPlaneNodes() {
    DaemonSet ds = daemonSet();
    ds.getSpec().getTemplate().getSpec().setTolerations(List.of(new TolerationBuilder().withOperator("Exists").build()));
    assertThat(DaemonSetPlanner.shouldRun(node("n", taint("node.kubernetes.io/not-ready", "NoSchedule"),
        taint("node-role.kubernetes.io/control-plane", "NoSchedule"), taint("x", "NoExecute")), ds))
        .isEqualTo(new NodeDecision(true, true));
  }

  @Test
  void hostNetworkToleratesNetworkUnavailable() {
    DaemonSet ds = daemonSet();
    ds.getSpec().getTemplate().getSpec().setHostNetwork(true);
    assertThat(DaemonSetPlanner.shouldRun(node("n", taint("node.kubernetes.io/network-unavailable", "NoSchedule")), ds))
        .isEqualTo(new NodeDecision(true, true));
  }

  @Test
  void createsOnePodPerEligibleWorkerWithTheDaemonPodShape() {
    DaemonSet ds = daemonSet();
    List<Node> nodes = List.of(node("kind-control-plane", taint("node-role.kubernetes.io/control-plane", "NoSchedule")),
        node("kind-worker"), node("kind-worker2"));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, nodes, List.of(), HASH), NOW);

    assertThat(plan.creates()).extracting(CreatePod::nodeName).containsExactly("kind-worker", "kind-worker2");
    assertThat(plan.deletes()).isEmpty();
    Pod pod = plan.creates().get(0).pod();
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("agent-");
    assertThat(pod.getMetadata().getName()).isNull();
    assertThat(pod.getSpec().getNodeName()).isNull();
    assertThat(pod.getMetadata().getLabels()).containsEntry("app", "agent")
        .containsEntry("controller-revision-hash", HASH).containsEntry("pod-template-generation", "1");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getKind()).isEqualTo("DaemonSet");
      assertThat(ref.getName()).isEqualTo("agent");
      assertThat(ref.getUid()).isEqualTo("ds-uid");
      assertThat(ref.getController()).isTrue();
      assertThat(ref.getBlockOwnerDeletion()).isTrue();
    });
    var terms = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
    assertThat(terms).singleElement().satisfies(t -> {
      assertThat(t.getMatchExpressions()).isNullOrEmpty();
      assertThat(t.getMatchFields()).containsExactly(
          new NodeSelectorRequirement("metadata.name", "In", List.of("kind-worker")));
    });
    assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getEffect,
        Toleration::getTolerationSeconds).containsExactly(
        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/not-ready", "NoExecute", null),
        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoExecute", null),
        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/disk-pressure", "NoSchedule", null),
        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/memory-pressure", "NoSchedule", null),
        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/pid-pressure", "NoSchedule", null),
        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unschedulable", "NoSchedule", null));
    // The set's own template is never modified.
    assertThat(ds.getSpec().getTemplate().getSpec().getTolerations()).isNullOrEmpty();
    assertThat(ds.getSpec().getTemplate().getSpec().getAffinity()).isNull();
    assertThat(plan.counts()).isEqualTo(new DaemonSetCounts(2, 0, 0, 0, 0, 0, 2));
  }

  @Test
  void userRequiredAffinityIsReplacedButPreferredKept() {
    DaemonSet ds = daemonSet();
    ds.getSpec().getTemplate().getSpec().setAffinity(new io.fabric8.kubernetes.api.model.AffinityBuilder()
        .withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().withMatchExpressions(new NodeSelectorRequirement("zone", "Exists", null))
        .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(1).withNewPreference()
        .withMatchExpressions(new NodeSelectorRequirement("fast", "Exists", null)).endPreference()
        .endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
    Pod pod = DaemonPods.newPod(ds, HASH, "n1");
    var nodeAffinity = pod.getSpec().getAffinity().getNodeAffinity();
    assertThat(nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
        .singleElement().satisfies(t -> assertThat(t.getMatchFields()).hasSize(1));
    assertThat(nodeAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
    assertThat(DaemonPods.targetNodeName(pod)).contains("n1");
    assertThat(ds.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchExpressions())
        .hasSize(1);
  }

  @Test
  void podsOfOneTemplateShareNothingChangeableWithItOrEachOther() {
    DaemonSet ds = daemonSet();
    ds.getSpec().getTemplate().getSpec().setNodeSelector(new java.util.HashMap<>(Map.of("disk", "ssd")));
    String image = ds.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    Pod first = DaemonPods.newPod(ds, HASH, "n1");
    Pod second = DaemonPods.newPod(ds, HASH, "n2");

    first.getSpec().getContainers().get(0).setImage("changed");
    first.getSpec().getNodeSelector().put("disk", "hdd");
    first.getMetadata().getLabels().put("extra", "x");
    first.getSpec().getTolerations().clear();

    for (var spec : List.of(second.getSpec(), ds.getSpec().getTemplate().getSpec())) {
      assertThat(spec.getContainers().get(0).getImage()).isEqualTo(image);
      assertThat(spec.getNodeSelector()).containsEntry("disk", "ssd");
    }
    assertThat(second.getMetadata().getLabels()).doesNotContainKey("extra");
    assertThat(second.getSpec().getTolerations()).isNotEmpty();
    assertThat(DaemonPods.targetNodeName(second)).contains("n2");
  }

  @Test
  void aNodeAddedGetsAPod() {
    DaemonSet ds = daemonSet();
    List<Pod> pods = List.of(runningPod(ds, HASH, "agent-aaaaa", "a", T0));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, List.of(node("a"), node("b")), pods, HASH), NOW);
    assertThat(plan.creates()).extracting(CreatePod::nodeName).containsExactly("b");
    assertThat(plan.counts()).isEqualTo(new DaemonSetCounts(2, 1, 0, 1, 1, 1, 1));
  }

  @Test
  void nodeSelectorLabelRemovedDeletesThePodAndAddedCreatesIt() {
    DaemonSet ds = daemonSet();
    ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("disk", "ssd"));
    Pod pod = runningPod(ds, HASH, "agent-aaaaa", "kind-worker", T0);
    DaemonSetPlan removed = DaemonSetPlanner.plan(
        new DaemonSetObservation(ds, List.of(node("kind-worker", Map.of())), List.of(pod), HASH), NOW);
    assertThat(removed.deletes()).extracting(DeletePod::name, DeletePod::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("agent-aaaaa", DeleteReason.SHOULD_NOT_RUN));
    assertThat(removed.counts().desired()).isZero();
    assertThat(removed.counts().misscheduled()).isEqualTo(1);

    DaemonSetPlan added = DaemonSetPlanner.plan(new DaemonSetObservation(ds,
        List.of(node("kind-worker", Map.of("disk", "ssd")), node("kind-worker2", Map.of())), List.of(), HASH), NOW);
    assertThat(added.creates()).extracting(CreatePod::nodeName).containsExactly("kind-worker");
  }

  @Test
  void noScheduleTaintAfterStartKeepsThePodAsMisscheduled() {
    DaemonSet ds = daemonSet();
    List<Pod> pods = List.of(runningPod(ds, HASH, "agent-a", "a", T0), runningPod(ds, HASH, "agent-b", "b", T0));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds,
        List.of(node("a", taint("dedicated", "infra", "NoSchedule")), node("b")), pods, HASH), NOW);
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.counts()).isEqualTo(new DaemonSetCounts(1, 1, 1, 1, 1, 1, 0));
  }

  @Test
  void noExecuteTaintDeletesThePod() {
    DaemonSet ds = daemonSet();
    List<Pod> pods = List.of(runningPod(ds, HASH, "agent-a", "a", T0), runningPod(ds, HASH, "agent-b", "b", T0));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds,
        List.of(node("a", taint("dedicated", "infra", "NoExecute")), node("b")), pods, HASH), NOW);
    assertThat(plan.deletes()).extracting(DeletePod::name).containsExactly("agent-a");
    assertThat(plan.creates()).isEmpty();
  }

  @Test
  void failedPodIsDeletedUnlessTheNodeIsInBackoff() {
    DaemonSet ds = daemonSet();
    Pod failed = Fixtures.withPhase(runningPod(ds, HASH, "agent-a", "a", T0), "Failed");
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, List.of(node("a")), List.of(failed), HASH), NOW);
    assertThat(plan.deletes()).extracting(DeletePod::reason).containsExactly(DeleteReason.FAILED);
    assertThat(plan.creates()).isEmpty(); // the replacement follows once the failed pod is gone

    DaemonSetPlan backingOff = DaemonSetPlanner.plan(new DaemonSetObservation(ds, List.of(node("a")), List.of(failed),
        HASH, Map.of("a", Duration.ofSeconds(4))), NOW);
    assertThat(backingOff.actions()).isEmpty();
    assertThat(backingOff.requeueAfter()).contains(Duration.ofSeconds(4));
  }

  @Test
  void succeededPodIsDeleted() {
    DaemonSet ds = daemonSet();
    Pod done = Fixtures.withPhase(runningPod(ds, HASH, "agent-a", "a", T0), "Succeeded");
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, List.of(node("a")), List.of(done), HASH), NOW);
    assertThat(plan.deletes()).extracting(DeletePod::reason).containsExactly(DeleteReason.SUCCEEDED);
  }

  @Test
  void duplicatesKeepTheOldestScheduledPod() {
    DaemonSet ds = daemonSet();
    Pod oldest = runningPod(ds, HASH, "agent-c", "a", T0);
    Pod younger = runningPod(ds, HASH, "agent-b", "a", T0.plusSeconds(5));
    Pod unbound = runningPod(ds, HASH, "agent-a", "a", T0.minusSeconds(5));
    unbound.getSpec().setNodeName(null);
    DaemonSetPlan plan = DaemonSetPlanner.plan(
        new DaemonSetObservation(ds, List.of(node("a")), List.of(younger, unbound, oldest), HASH), NOW);
    assertThat(plan.deletes()).extracting(DeletePod::name).containsExactly("agent-b", "agent-a");
  }

  @Test
  void aTerminatingPodStillCountsAsThePodOfItsNode() {
    DaemonSet ds = daemonSet();
    Pod leaving = Fixtures.terminating(runningPod(ds, HASH, "agent-a", "a", T0));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, List.of(node("a")), List.of(leaving), HASH), NOW);
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void unboundPodsOfVanishedNodesAreDeletedBoundOnesLeftToPodGc() {
    DaemonSet ds = daemonSet();
    Pod bound = runningPod(ds, HASH, "agent-a", "gone1", T0);
    Pod unbound = DaemonPods.newPod(ds, HASH, "gone2");
    unbound.getMetadata().setName("agent-b");
    unbound.getMetadata().setCreationTimestamp(T0.toString());
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, List.of(), List.of(bound, unbound), HASH), NOW);
    assertThat(plan.deletes()).extracting(DeletePod::name, DeletePod::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("agent-b", DeleteReason.NODE_GONE));
    assertThat(plan.counts()).isEqualTo(new DaemonSetCounts(0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void maxUnavailablePercentRoundsUpAndZeroZeroMeansOne() {
    DaemonSet ds = daemonSet();
    assertThat(DaemonSetPlanner.budgets(Fixtures.withRolling(ds, new IntOrString("25%"), new IntOrString(0)), 10))
        .containsExactly(0, 3);
    assertThat(DaemonSetPlanner.budgets(Fixtures.withRolling(ds, new IntOrString("10%"), new IntOrString(0)), 3))
        .containsExactly(0, 1);
    assertThat(DaemonSetPlanner.budgets(Fixtures.withRolling(ds, new IntOrString(0), new IntOrString(0)), 5))
        .containsExactly(0, 1);
    assertThat(DaemonSetPlanner.budgets(Fixtures.withRolling(ds, new IntOrString(0), new IntOrString("30%")), 5))
        .containsExactly(2, 0);
  }

  @Test
  void rollingUpdateDeletesAtMostMaxUnavailableAvailableOldPods() {
    DaemonSet ds = Fixtures.withImage(daemonSet(), "agent:2", 2);
    List<Node> nodes = IntStream.range(0, 10).mapToObj(i -> node("n" + i)).toList();
    List<Pod> pods = IntStream.range(0, 10).mapToObj(i -> runningPod(ds, "old", "agent-" + i, "n" + i, T0)).toList();
    pods = pods.stream().map(p -> relabel(p, "1")).toList();
    DaemonSet pct = Fixtures.withRolling(ds, new IntOrString("25%"), new IntOrString(0));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(pct, nodes, pods, HASH), NOW);
    assertThat(plan.deletes()).hasSize(3).allMatch(d -> d.reason() == DeleteReason.ROLLING_UPDATE);
    assertThat(plan.creates()).isEmpty();
    assertThat(plan.counts().updated()).isZero();
  }

  @Test
  void rollingUpdateCountsUnavailableNewPodsAndReplacesUnavailableOldPodsAnyway() {
    DaemonSet ds = Fixtures.withImage(daemonSet(), "agent:2", 2);
    List<Node> nodes = List.of(node("a"), node("b"), node("c"));
    Pod newNotReady = Fixtures.notReady(runningPod(ds, HASH, "agent-a", "a", T0));
    Pod oldAvailable = relabel(runningPod(ds, "old", "agent-b", "b", T0), "1");
    Pod oldBroken = Fixtures.notReady(relabel(runningPod(ds, "old", "agent-c", "c", T0), "1"));
    DaemonSetPlan plan = DaemonSetPlanner.plan(
        new DaemonSetObservation(ds, nodes, List.of(newNotReady, oldAvailable, oldBroken), HASH), NOW);
    assertThat(plan.deletes()).extracting(DeletePod::name).containsExactly("agent-c");
    assertThat(plan.counts()).isEqualTo(new DaemonSetCounts(3, 3, 0, 1, 1, 1, 2));
  }

  @Test
  void onDeleteLeavesOldPodsAlone() {
    DaemonSet ds = Fixtures.onDelete(Fixtures.withImage(daemonSet(), "agent:2", 2));
    List<Pod> pods = List.of(relabel(runningPod(ds, "old", "agent-a", "a", T0), "1"),
        relabel(runningPod(ds, "old", "agent-b", "b", T0), "1"));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, List.of(node("a"), node("b")), pods, HASH), NOW);
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.counts().updated()).isZero();
    // A manually deleted pod is recreated at the new revision.
    DaemonSetPlan afterDelete = DaemonSetPlanner.plan(
        new DaemonSetObservation(ds, List.of(node("a"), node("b")), pods.subList(0, 1), HASH), NOW);
    assertThat(afterDelete.creates()).singleElement().satisfies(c ->
        assertThat(c.pod().getMetadata().getLabels()).containsEntry("controller-revision-hash", HASH)
            .containsEntry("pod-template-generation", "2"));
  }

  @Test
  void surgeCreatesNextToTheOldPodThenDeletesTheOldOnceAvailable() {
    DaemonSet ds = Fixtures.withRolling(Fixtures.withImage(daemonSet(), "agent:2", 2), new IntOrString(0),
        new IntOrString(1));
    List<Node> nodes = List.of(node("a"), node("b"));
    List<Pod> pods = new ArrayList<>(List.of(relabel(runningPod(ds, "old", "agent-a", "a", T0), "1"),
        relabel(runningPod(ds, "old", "agent-b", "b", T0), "1")));
    // Step 1: one surge pod.
    DaemonSetPlan step1 = DaemonSetPlanner.plan(new DaemonSetObservation(ds, nodes, pods, HASH), NOW);
    assertThat(step1.deletes()).isEmpty();
    assertThat(step1.creates()).extracting(CreatePod::nodeName).containsExactly("a");
    // Step 2: the surge pod is not yet available: wait, keep both.
    Pod surge = Fixtures.notReady(runningPod(ds, HASH, "agent-new-a", "a", T0.plusSeconds(60)));
    pods.add(surge);
    DaemonSetPlan step2 = DaemonSetPlanner.plan(new DaemonSetObservation(ds, nodes, pods, HASH), NOW);
    assertThat(step2.actions()).isEmpty();
    // Step 3: available: the old pod on a goes and b gets its surge pod.
    pods.set(2, runningPod(ds, HASH, "agent-new-a", "a", T0.plusSeconds(60)));
    DaemonSetPlan step3 = DaemonSetPlanner.plan(new DaemonSetObservation(ds, nodes, pods, HASH), NOW);
    assertThat(step3.deletes()).extracting(DeletePod::name).containsExactly("agent-a");
    assertThat(step3.creates()).extracting(CreatePod::nodeName).containsExactly("b");
  }

  @Test
  void surgeReplacesUnavailableOldPodsBeyondTheBudget() {
    DaemonSet ds = Fixtures.withRolling(Fixtures.withImage(daemonSet(), "agent:2", 2), new IntOrString(0),
        new IntOrString(1));
    List<Pod> pods = List.of(Fixtures.notReady(relabel(runningPod(ds, "old", "agent-a", "a", T0), "1")),
        Fixtures.notReady(relabel(runningPod(ds, "old", "agent-b", "b", T0), "1")));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, List.of(node("a"), node("b")), pods, HASH), NOW);
    assertThat(plan.creates()).extracting(CreatePod::nodeName).containsExactly("a", "b");
  }

  @Test
  void minReadySecondsGatesAvailabilityAndRequeues() {
    DaemonSet ds = daemonSet();
    ds.getSpec().setMinReadySeconds(30);
    Pod pod = runningPod(ds, HASH, "agent-a", "a", NOW.minusSeconds(10));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, List.of(node("a")), List.of(pod), HASH), NOW);
    assertThat(plan.counts()).isEqualTo(new DaemonSetCounts(1, 1, 0, 1, 1, 0, 1));
    assertThat(plan.requeueAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void createsAreCappedAtBurstReplicasAndBatchedSlowStart() {
    DaemonSet ds = daemonSet();
    List<Node> nodes = IntStream.range(0, 600).mapToObj(i -> node("n" + i)).toList();
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(ds, nodes, List.of(), HASH), NOW);
    assertThat(plan.creates()).hasSize(DaemonSetPlanner.BURST_REPLICAS).hasSize(500);
    assertThat(DaemonSetSync.slowStartBatches(250)).containsExactly(1, 2, 4, 8, 16, 32, 64, 123);
    assertThat(DaemonSetSync.slowStartBatches(0)).isEmpty();
    assertThat(DaemonSetSync.slowStartBatches(3)).containsExactly(1, 2);
  }

  @Test
  void statusCountsUseTheOldestPodPerNode() {
    DaemonSet ds = Fixtures.withImage(daemonSet(), "agent:2", 2);
    Pod oldReady = relabel(runningPod(ds, "old", "agent-a", "a", T0), "1");
    Pod newNotReady = Fixtures.notReady(runningPod(ds, HASH, "agent-b", "b", T0));
    Pod terminalDeleted = Fixtures.terminating(Fixtures.withPhase(runningPod(ds, HASH, "agent-c", "c", T0), "Failed"));
    DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetObservation(Fixtures.onDelete(ds),
        List.of(node("a"), node("b"), node("c")), List.of(oldReady, newNotReady, terminalDeleted), HASH), NOW);
    // c's pod is terminal and being deleted, so c has no pod and gets one.
    assertThat(plan.creates()).extracting(CreatePod::nodeName).containsExactly("c");
    assertThat(plan.counts()).isEqualTo(new DaemonSetCounts(3, 2, 0, 1, 1, 1, 2));
  }

  private static Pod relabel(Pod pod, String generation) {
    Pod copy = DaemonPods.copy(pod);
    copy.getMetadata().getLabels().put("pod-template-generation", generation);
    return copy;
  }
}
