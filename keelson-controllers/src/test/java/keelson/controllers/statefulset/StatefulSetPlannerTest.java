package keelson.controllers.statefulset;

import static keelson.controllers.statefulset.StatefulSets.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import keelson.controllers.history.StatefulSetRevisions;
import keelson.controllers.statefulset.PodAction.CreatePod;
import keelson.controllers.statefulset.PodAction.DeletePod;
import keelson.controllers.statefulset.PodAction.Reason;
import keelson.controllers.statefulset.PodAction.UpdateClaimOwners;
import keelson.controllers.statefulset.PodAction.UpdatePod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatefulSetPlannerTest {
  static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");

  /** A set of {@code replicas}, recorded as having run revision 1 (its current template). */
  static StatefulSet set(int replicas, String policy) {
    StatefulSet set = StatefulSets.web(replicas, policy);
    set.getMetadata().setUid("set-uid");
    set.getMetadata().setGeneration(1L);
    String revision = StatefulSetRevisions.newRevision(set, 1, 0).getMetadata().getName();
    set.setStatus(new StatefulSetStatusBuilder().withCurrentRevision(revision).withUpdateRevision(revision)
        .withCollisionCount(0).build());
    return set;
  }

  static ControllerRevision revision(StatefulSet set, long number) {
    ControllerRevision r = StatefulSetRevisions.newRevision(set, number, 0);
    r.getMetadata().setUid(UUID.randomUUID().toString());
    r.getMetadata().setCreationTimestamp("2025-01-01T00:00:0" + number + "Z");
    return r;
  }

  static Pod pod(StatefulSet set, ControllerRevision revision, int ordinal, String phase, boolean ready) {
    Pod pod = StatefulPods.newPod(set, StatefulSetRevisions.template(revision), ordinal,
        revision.getMetadata().getName());
    pod.getMetadata().setUid("uid-" + ordinal);
    pod.setStatus(new PodStatusBuilder().withPhase(phase)
        .withConditions(StatefulSets.ready(ready, NOW.minusSeconds(60))).build());
    return pod;
  }

  static Pod ready(StatefulSet set, ControllerRevision revision, int ordinal) {
    return pod(set, revision, ordinal, "Running", true);
  }

  static Pod terminating(Pod pod) {
    Pod copy = new PodBuilder(pod).build();
    copy.getMetadata().setDeletionTimestamp(NOW.minusSeconds(1).toString());
    return copy;
  }

  static List<PersistentVolumeClaim> claimsOf(StatefulSet set, List<Pod> pods) {
    List<PersistentVolumeClaim> claims = new ArrayList<>();
    for (Pod p : pods) {
      claims.addAll(StatefulPods.claimsFor(set, StatefulPods.ordinal(p)).values());
    }
    return claims;
  }

  static StatefulSetPlan plan(StatefulSet set, List<Pod> pods, List<ControllerRevision> revisions) {
    return StatefulSetPlanner.plan(new StatefulSetObservation(set, pods, claimsOf(set, pods), revisions), NOW);
  }

  static List<String> described(StatefulSetPlan plan) {
    return plan.actions().stream().map(a -> switch (a) {
      case CreatePod c -> "create " + c.pod().getMetadata().getName();
      case DeletePod d -> "delete " + d.pod().getMetadata().getName() + " " + d.reason();
      case UpdatePod u -> "update " + u.pod().getMetadata().getName();
      case UpdateClaimOwners u -> "claim " + u.claim().getMetadata().getName();
      case PodAction.CreateClaims c -> "claims " + c.pod().getMetadata().getName();
    }).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void createsFirstPodWithItsClaimOrAllAtOnce(String policy) {
    StatefulSet set = set(3, policy);
    StatefulSetPlan plan = plan(set, List.of(), List.of());
    assertThat(plan.revisionChange()).isInstanceOf(RevisionChange.Create.class);
    if (policy.equals("Parallel")) {
      assertThat(described(plan)).containsExactly("create web-0", "create web-1", "create web-2");
      assertThat(plan.steps().getFirst().parallel()).isTrue();
    } else {
      assertThat(described(plan)).containsExactly("create web-0");
    }
    CreatePod create = (CreatePod) plan.actions().getFirst();
    assertThat(create.missingClaims()).extracting(c -> c.getMetadata().getName()).containsExactly("www-web-0");
    assertThat(create.missingClaims().getFirst().getMetadata().getLabels()).containsEntry("app", "nginx");
    Pod pod = create.pod();
    String revision = plan.revisionChange().revision().getMetadata().getName();
    assertThat(pod.getMetadata().getLabels()).containsEntry("app", "nginx")
        .containsEntry(StatefulPods.POD_NAME_LABEL, "web-0").containsEntry(StatefulPods.POD_INDEX_LABEL, "0")
        .containsEntry(StatefulPods.REVISION_LABEL, revision);
    assertThat(revision).startsWith("web-");
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("web-");
    assertThat(pod.getSpec().getHostname()).isEqualTo("web-0");
    assertThat(pod.getSpec().getSubdomain()).isEqualTo("nginx");
    assertThat(pod.getSpec().getVolumes()).singleElement().satisfies(v -> {
      assertThat(v.getName()).isEqualTo("www");
      assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("www-web-0");
    });
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getKind()).isEqualTo("StatefulSet");
      assertThat(ref.getController()).isTrue();
      assertThat(ref.getBlockOwnerDeletion()).isTrue();
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void waitsForUnhealthyPredecessorOnlyWhenOrdered(String policy) {
    StatefulSet set = set(3, policy);
    ControllerRevision rev = revision(set, 1);
    StatefulSetPlan plan = plan(set, List.of(pod(set, rev, 0, "Pending", false)), List.of(rev));
    assertThat(plan.revisionChange()).isInstanceOf(RevisionChange.Keep.class);
    assertThat(described(plan)).isEqualTo(policy.equals("Parallel") ? List.of("create web-1", "create web-2")
        : List.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void recreatesMissingLowerOrdinalFirstAndTerminatingPodsBlock(String policy) {
    StatefulSet set = set(3, policy);
    ControllerRevision rev = revision(set, 1);
    List<Pod> pods = List.of(ready(set, rev, 0), terminating(ready(set, rev, 1)));
    assertThat(described(plan(set, pods, List.of(rev))))
        .isEqualTo(policy.equals("Parallel") ? List.of("create web-2") : List.of());
    // web-1 gone while web-2 exists: web-1 comes back first and alone.
    pods = List.of(ready(set, rev, 0), ready(set, rev, 2));
    assertThat(described(plan(set, pods, List.of(rev)))).containsExactly("create web-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void scalesDownHighestOrdinalFirst(String policy) {
    StatefulSet set = set(3, policy);
    ControllerRevision rev = revision(set, 1);
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pods.add(ready(set, rev, i));
    }
    StatefulSetPlan plan = plan(set, pods, List.of(rev));
    assertThat(described(plan)).isEqualTo(policy.equals("Parallel")
        ? List.of("delete web-4 CONDEMNED", "delete web-3 CONDEMNED") : List.of("delete web-4 CONDEMNED"));
    // web-4 terminating: ordered waits until it is gone; parallel has nothing left to do but web-3.
    pods.set(4, terminating(pods.get(4)));
    assertThat(described(plan(set, pods, List.of(rev))))
        .isEqualTo(policy.equals("Parallel") ? List.of("delete web-3 CONDEMNED") : List.of());
    // Ready terminating pods still count as ready (READY 5/3).
    assertThat(plan(set, pods, List.of(rev)).status().getReadyReplicas()).isEqualTo(5);
  }

  @Test
  void orderedScaleDownWaitsForAnUnhealthyReplica() {
    StatefulSet set = set(1, "OrderedReady");
    ControllerRevision rev = revision(set, 1);
    List<Pod> pods = List.of(pod(set, rev, 0, "Running", false), ready(set, rev, 1), ready(set, rev, 2));
    assertThat(described(plan(set, pods, List.of(rev)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void deletesFailedPodAndRecreatesItLater(String policy) {
    StatefulSet set = set(2, policy);
    ControllerRevision rev = revision(set, 1);
    List<Pod> pods = List.of(ready(set, rev, 0), pod(set, rev, 1, "Failed", false));
    assertThat(described(plan(set, pods, List.of(rev)))).containsExactly("delete web-1 FINISHED");
    assertThat(described(plan(set, List.of(ready(set, rev, 0), terminating(pods.get(1))), List.of(rev)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void rollingUpdateReplacesFromTheHighestOrdinalOneAtATime(String policy) {
    StatefulSet old = set(3, policy);
    ControllerRevision a = revision(old, 1);
    List<Pod> pods = new ArrayList<>(List.of(ready(old, a, 0), ready(old, a, 1), ready(old, a, 2)));
    StatefulSet set = StatefulSets.withImage(old, "nginx:new");
    set.getMetadata().setGeneration(2L);
    StatefulSetPlan plan = plan(set, pods, List.of(a));
    assertThat(plan.revisionChange()).isInstanceOf(RevisionChange.Create.class);
    ControllerRevision b = plan.revisionChange().revision();
    assertThat(b.getRevision()).isEqualTo(2L);
    assertThat(described(plan)).containsExactly("delete web-2 UPDATE");
    assertThat(plan.status().getCurrentReplicas()).isEqualTo(2);
    assertThat(plan.status().getUpdateRevision()).isNotEqualTo(plan.status().getCurrentRevision());

    b.getMetadata().setCreationTimestamp("2025-01-01T00:00:09Z");
    List<ControllerRevision> both = List.of(a, b);
    pods.set(2, terminating(pods.get(2)));
    assertThat(described(plan(set, pods, both))).isEmpty();
    pods.remove(2);
    assertThat(described(plan(set, pods, both))).isEqualTo(List.of("create web-2"));
    CreatePod recreate = (CreatePod) plan(set, pods, both).actions().getFirst();
    assertThat(StatefulPods.revisionOf(recreate.pod())).isEqualTo(b.getMetadata().getName());
    pods.add(pod(set, b, 2, "Running", false));
    assertThat(described(plan(set, pods, both))).isEmpty();
    pods.set(2, ready(set, b, 2));
    assertThat(described(plan(set, pods, both))).containsExactly("delete web-1 UPDATE");
    pods.set(1, ready(set, b, 1));
    assertThat(described(plan(set, pods, both))).containsExactly("delete web-0 UPDATE");
    pods.set(0, ready(set, b, 0));
    StatefulSetPlan done = plan(set, pods, both);
    assertThat(described(done)).isEmpty();
    assertThat(done.status().getCurrentRevision()).isEqualTo(b.getMetadata().getName());
    assertThat(done.status().getCurrentReplicas()).isEqualTo(3);
    assertThat(done.status().getUpdatedReplicas()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void partitionKeepsLowerSlotsAtTheCurrentRevision(String policy) {
    StatefulSet old = set(3, policy);
    ControllerRevision a = revision(old, 1);
    StatefulSet set = StatefulSets.withImage(old, "nginx:new");
    set.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(2);
    ControllerRevision b = revision(set, 2);
    List<Pod> pods = List.of(ready(old, a, 0), ready(old, a, 1), ready(set, b, 2));
    assertThat(described(plan(set, pods, List.of(a, b)))).isEmpty();
    // web-1 deleted by hand comes back at the old revision.
    StatefulSetPlan plan = plan(set, List.of(ready(old, a, 0), ready(set, b, 2)), List.of(a, b));
    CreatePod create = (CreatePod) plan.actions().getFirst();
    assertThat(create.pod().getMetadata().getName()).isEqualTo("web-1");
    assertThat(StatefulPods.revisionOf(create.pod())).isEqualTo(a.getMetadata().getName());
    assertThat(create.pod().getSpec().getContainers().getFirst().getImage()).isEqualTo("registry.k8s.io/nginx-slim:0.24");
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void onDeleteNeverDeletesForUpdatesAndKeepsTheOldCurrentRevision(String policy) {
    StatefulSet old = set(2, policy);
    old.getSpec().getUpdateStrategy().setType("OnDelete");
    old.getSpec().getUpdateStrategy().setRollingUpdate(null);
    ControllerRevision a = revision(old, 1);
    StatefulSet set = StatefulSets.withImage(old, "nginx:new");
    ControllerRevision b = revision(set, 2);
    assertThat(described(plan(set, List.of(ready(old, a, 0), ready(old, a, 1)), List.of(a, b)))).isEmpty();
    StatefulSetPlan plan = plan(set, List.of(ready(old, a, 0)), List.of(a, b));
    assertThat(StatefulPods.revisionOf(plan.actions().getFirst().pod())).isEqualTo(b.getMetadata().getName());
    StatefulSetPlan all = plan(set, List.of(ready(set, b, 0), ready(set, b, 1)), List.of(a, b));
    assertThat(all.status().getUpdatedReplicas()).isEqualTo(2);
    assertThat(all.status().getCurrentReplicas()).isZero();
    assertThat(all.status().getCurrentRevision()).isEqualTo(a.getMetadata().getName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void ordinalsStartShiftsNamesIndexLabelsAndClaims(String policy) {
    StatefulSet set = set(3, policy);
    set.getSpec().setOrdinals(new io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals(5));
    StatefulSetPlan plan = plan(set, List.of(), List.of());
    CreatePod first = (CreatePod) plan.actions().getFirst();
    assertThat(first.pod().getMetadata().getName()).isEqualTo("web-5");
    assertThat(first.pod().getMetadata().getLabels()).containsEntry(StatefulPods.POD_INDEX_LABEL, "5");
    assertThat(first.missingClaims().getFirst().getMetadata().getName()).isEqualTo("www-web-5");
    // start 0 → 1 on a running set: web-3 is created, web-0 condemned only after.
    StatefulSet shifted = set(3, policy);
    ControllerRevision rev = revision(shifted, 1);
    List<Pod> pods = List.of(ready(shifted, rev, 0), ready(shifted, rev, 1), ready(shifted, rev, 2));
    shifted.getSpec().setOrdinals(new io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals(1));
    assertThat(described(plan(shifted, pods, List.of(rev)))).isEqualTo(policy.equals("Parallel")
        ? List.of("create web-3", "delete web-0 CONDEMNED") : List.of("create web-3"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void retentionPolicyOwnsClaimsBySetAndCondemnedPodsFirst(String policy) {
    StatefulSet set = set(1, policy);
    set.getSpec().getPersistentVolumeClaimRetentionPolicy().setWhenDeleted("Delete");
    set.getSpec().getPersistentVolumeClaimRetentionPolicy().setWhenScaled("Delete");
    ControllerRevision rev = revision(set, 1);
    CreatePod create = (CreatePod) plan(set, List.of(), List.of(rev))
        .actions().getFirst();
    assertThat(create.missingClaims().getFirst().getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> {
          assertThat(ref.getKind()).isEqualTo("StatefulSet");
          assertThat(ref.getController()).isTrue();
        });
    List<Pod> pods = List.of(ready(set, rev, 0), ready(set, rev, 1));
    StatefulSetPlan plan = StatefulSetPlanner.plan(new StatefulSetObservation(set, pods, claimsOf(set, pods),
        List.of(rev)), NOW);
    assertThat(described(plan)).containsExactly("claim www-web-0", "claim www-web-1", "delete web-1 CONDEMNED");
    UpdateClaimOwners condemnedClaim = (UpdateClaimOwners) plan.actions().get(1);
    assertThat(condemnedClaim.claim().getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getKind()).isEqualTo("Pod");
      assertThat(ref.getUid()).isEqualTo("uid-1");
    });
    assertThat(plan.steps()).extracting(StatefulSetPlan.Step::name)
        .containsExactly("replicas", "condemned claims", "condemned");
  }

  @Test
  void statusCountsAndMinReadySecondsHoldBackTheNextOrdinal() {
    StatefulSet set = set(3, "OrderedReady");
    set.getSpec().setMinReadySeconds(10);
    ControllerRevision rev = revision(set, 1);
    Pod justReady = pod(set, rev, 0, "Running", true);
    justReady.getStatus().setConditions(List.of(StatefulSets.ready(true, NOW.minusSeconds(4))));
    StatefulSetPlan plan = plan(set, List.of(justReady), List.of(rev));
    assertThat(described(plan)).isEmpty();
    assertThat(plan.status().getReplicas()).isEqualTo(1);
    assertThat(plan.status().getReadyReplicas()).isEqualTo(1);
    assertThat(plan.status().getAvailableReplicas()).isZero();
    assertThat(plan.status().getCurrentReplicas()).isEqualTo(1);
    assertThat(plan.status().getUpdatedReplicas()).isEqualTo(1);
    assertThat(plan.status().getObservedGeneration()).isEqualTo(1L);
    assertThat(plan.status().getCollisionCount()).isZero();
    assertThat(plan.requeueAfter()).hasValueSatisfying(d ->
        assertThat(d).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(7)));
    justReady.getStatus().setConditions(List.of(StatefulSets.ready(true, NOW.minusSeconds(11))));
    assertThat(described(plan(set, List.of(justReady), List.of(rev)))).containsExactly("create web-1");
  }

  @Test
  void rollbackReusesTheEarlierRevisionWithAHigherNumber() {
    StatefulSet set = set(1, "OrderedReady");
    ControllerRevision a = revision(set, 1);
    ControllerRevision b = revision(StatefulSets.withImage(set, "nginx:new"), 2);
    StatefulSetPlan plan = plan(set, List.of(ready(set, a, 0)), List.of(a, b));
    assertThat(plan.revisionChange()).isInstanceOf(RevisionChange.Bump.class);
    assertThat(plan.revisionChange().revision().getMetadata().getName()).isEqualTo(a.getMetadata().getName());
    assertThat(plan.revisionChange().revision().getRevision()).isEqualTo(3L);
  }

  @Test
  void historyIsTruncatedToTheLimitKeepingLiveRevisions() {
    StatefulSet set = set(1, "OrderedReady");
    set.getSpec().setRevisionHistoryLimit(1);
    List<ControllerRevision> revisions = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      revisions.add(revision(StatefulSets.withImage(set, "nginx:" + i), i));
    }
    ControllerRevision current = revision(set, 5);
    revisions.add(current);
    Pod onOld = ready(set, revisions.get(1), 0);
    StatefulSetPlan plan = plan(set, List.of(onOld), revisions);
    assertThat(plan.revisionsToDelete()).extracting(r -> r.getRevision()).containsExactly(1L, 3L);
  }

  @Test
  void repairsAMissingPodNameLabelButNotAMissingIndexLabel() {
    StatefulSet set = set(1, "OrderedReady");
    ControllerRevision rev = revision(set, 1);
    Pod pod = ready(set, rev, 0);
    pod.getMetadata().getLabels().remove(StatefulPods.POD_INDEX_LABEL);
    assertThat(described(plan(set, List.of(pod), List.of(rev)))).isEmpty();
    pod.getMetadata().getLabels().remove(StatefulPods.POD_NAME_LABEL);
    StatefulSetPlan plan = plan(set, List.of(pod), List.of(rev));
    assertThat(described(plan)).containsExactly("update web-0");
    assertThat(plan.actions().getFirst().pod().getMetadata().getLabels())
        .containsEntry(StatefulPods.POD_NAME_LABEL, "web-0").containsEntry(StatefulPods.POD_INDEX_LABEL, "0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"OrderedReady", "Parallel"})
  void aSetBeingDeletedOnlyGetsStatus(String policy) {
    StatefulSet set = new StatefulSetBuilder(set(3, policy)).editMetadata()
        .withDeletionTimestamp(NOW.toString()).endMetadata().build();
    ControllerRevision rev = revision(set, 1);
    StatefulSetPlan plan = plan(set, List.of(ready(set, rev, 0), ready(set, rev, 4)), List.of(rev));
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.revisionsToDelete()).isEmpty();
    assertThat(plan.status().getReplicas()).isEqualTo(2);
  }

  @Test
  void claimBeingDeletedBlocksCreationWithUpstreamsError() {
    StatefulSet set = set(1, "OrderedReady");
    PersistentVolumeClaim claim = StatefulPods.claimsFor(set, 0).get("www");
    claim.getMetadata().setDeletionTimestamp(NOW.toString());
    StatefulSetPlan plan = StatefulSetPlanner.plan(new StatefulSetObservation(set, List.of(), List.of(claim),
        List.of()), NOW);
    CreatePod create = (CreatePod) plan.actions().getFirst();
    assertThat(create.missingClaims()).isEmpty();
    assertThat(create.claimsBeingDeleted()).containsExactly("www-web-0");
  }

  @Test
  void reasonsAreExhaustive() {
    assertThat(Reason.values()).hasSize(3);
  }
}
