package keelson.controllers.statefulset;

import static keelson.controllers.statefulset.StatefulSets.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keelson.controllers.history.StatefulSetRevisions;
import org.junit.jupiter.api.Test;

/** The controller end to end over the in-memory cluster: events, adoption, failures, leadership. */
class StatefulSetControllerTest {

  @Test
  void createsClaimThenPodWithUpstreamEventsAndWritesStatus() throws Exception {
    Harness h = new Harness();
    h.cluster.apply(StatefulSets.web(2, "OrderedReady"));
    h.sync();
    assertThat(h.podNames()).containsExactly("web-0");
    assertThat(h.cluster.events()).containsExactly(
        "Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success",
        "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful");
    var status = h.set().getStatus();
    assertThat(status.getReplicas()).isZero();
    assertThat(status.getAvailableReplicas()).isZero();
    assertThat(status.getReadyReplicas()).isNull();
    assertThat(status.getCollisionCount()).isZero();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getCurrentRevision()).isEqualTo(status.getUpdateRevision()).startsWith("web-");
    assertThat(h.pod("web-0").getMetadata().getLabels())
        .containsEntry(StatefulPods.REVISION_LABEL, status.getCurrentRevision());
    h.settle(20);
    assertThat(h.podNames()).containsExactly("web-0", "web-1");
    assertThat(h.set().getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(h.cluster.allRevisions()).singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getName()).isEqualTo(status.getCurrentRevision()));
  }

  @Test
  void failedCreateCarriesTheApiServersMessage() {
    Harness h = new Harness();
    h.cluster.apply(StatefulSets.web(1, "OrderedReady"));
    h.cluster.failNth("createPod", 1, 422, "Pod \"web-0\" is invalid: spec.containers[0].image: Required value");
    assertThat(h.syncCatching()).isNotNull();
    assertThat(h.cluster.events()).contains("Warning FailedCreate create Pod web-0 in StatefulSet web failed error: "
        + "Pod \"web-0\" is invalid: spec.containers[0].image: Required value");
    assertThat(h.syncCatching()).isNull();
    assertThat(h.podNames()).containsExactly("web-0");
  }

  @Test
  void aFailedPodIsDeletedWithUpstreamsEventAndRecreatedUnderItsName() throws Exception {
    Harness h = new Harness();
    h.cluster.apply(StatefulSets.web(2, "OrderedReady"));
    h.settle(20);
    String oldUid = h.pod("web-1").getMetadata().getUid();
    h.phase("web-1", "Failed");
    h.sync();
    assertThat(h.cluster.events()).contains(
        "Warning RecreatingFailedPod StatefulSet " + NS + "/web is recreating failed Pod web-1",
        "Normal SuccessfulDelete delete Pod web-1 in StatefulSet web successful");
    h.settle(20);
    assertThat(h.podNames()).containsExactly("web-0", "web-1");
    assertThat(h.pod("web-1").getMetadata().getUid()).isNotEqualTo(oldUid);
    assertThat(StatefulPods.isRunningAndReady(h.pod("web-1"))).isTrue();
  }

  @Test
  void aSucceededPodIsRecreatedWithANormalEvent() throws Exception {
    Harness h = new Harness();
    h.cluster.apply(StatefulSets.web(1, "OrderedReady"));
    h.settle(20);
    h.phase("web-0", "Succeeded");
    h.sync();
    assertThat(h.cluster.events()).contains(
        "Normal RecreatingTerminatedPod StatefulSet " + NS + "/web is recreating terminated Pod web-0");
  }

  @Test
  void overlongSetNameFailsPodCreationOnTheRevisionLabel() throws Exception {
    Harness h = new Harness();
    String name = "a".repeat(60);
    StatefulSet set = new StatefulSetBuilder(StatefulSets.web(1, "OrderedReady")).editMetadata().withName(name)
        .endMetadata().build();
    h.cluster.apply(set);
    try {
      h.controller.reconcile(NS + "/" + name);
    } catch (Exception expected) {
      // retried with back-off in production
    }
    assertThat(h.cluster.allPods()).isEmpty();
    assertThat(h.cluster.events()).anySatisfy(e -> assertThat(e)
        .startsWith("Warning FailedCreate create Pod " + name + "-0 in StatefulSet " + name + " failed error: ")
        .contains("must be no more than 63 characters"));
  }

  @Test
  void terminatingClaimBlocksThePodUntilItIsGone() throws Exception {
    Harness h = new Harness();
    h.cluster.apply(StatefulSets.web(1, "OrderedReady"));
    h.settle(10);
    h.cluster.userDeleteClaim(NS, "www-web-0", false);
    h.cluster.userDeletePod(NS, "web-0");
    h.cluster.finalizeDeletion(h.pod("web-0"));
    assertThat(h.syncCatching()).hasMessage("pvc www-web-0 is being deleted");
    assertThat(h.cluster.events()).contains(
        "Warning FailedCreate create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted");
    assertThat(h.cluster.allPods()).isEmpty();
    h.cluster.userDeleteClaim(NS, "www-web-0", true);
    h.sync();
    assertThat(h.podNames()).containsExactly("web-0");
    assertThat(h.cluster.claim(NS, "www-web-0")).isPresent();
  }

  @Test
  void adoptsMatchingOrphansAndCondemnsOutOfRangeOnes() throws Exception {
    Harness h = new Harness();
    StatefulSet set = h.cluster.apply(StatefulSets.web(2, "OrderedReady"));
    for (int ordinal : new int[] {1, 2}) {
      Pod orphan = StatefulPods.newPod(set, set.getSpec().getTemplate(), ordinal, "web-old");
      orphan.getMetadata().setOwnerReferences(null);
      orphan.getStatus();
      h.cluster.seed(orphan);
      h.running("web-" + ordinal, true);
    }
    Pod stranger = StatefulPods.newPod(set, set.getSpec().getTemplate(), 5, "x");
    stranger.getMetadata().setName("other-5");
    stranger.getMetadata().setOwnerReferences(null);
    h.cluster.seed(stranger);
    h.sync();
    assertThat(owner(h.pod("web-1"))).isEqualTo(set.getMetadata().getUid());
    assertThat(owner(h.pod("web-2"))).isEqualTo(set.getMetadata().getUid());
    assertThat(h.pod("other-5").getMetadata().getOwnerReferences()).isNull();
    assertThat(h.podNames()).contains("web-0");
    h.settle(20);
    assertThat(h.podNames()).containsExactlyInAnyOrder("other-5", "web-0", "web-1");
  }

  @Test
  void releasesPodsWhoseLabelsNoLongerMatch() throws Exception {
    Harness h = new Harness();
    h.cluster.apply(StatefulSets.web(1, "OrderedReady"));
    h.settle(10);
    h.cluster.kubeletUpdate(h.pod("web-0"), p -> {
      p.getMetadata().setLabels(Map.of("app", "other"));
      return p;
    });
    // Released, the pod still holds the name: recreating web-0 fails with AlreadyExists, silently, until
    // someone deletes or relabels it (as upstream).
    assertThat(h.syncCatching()).hasMessageContaining("already exists");
    assertThat(h.pod("web-0").getMetadata().getOwnerReferences()).isEmpty();
    assertThat(h.cluster.events()).noneMatch(e -> e.startsWith("Warning"));
  }

  @Test
  void setBeingDeletedOrAFollowerDoesNothing() throws Exception {
    Harness deleting = new Harness();
    deleting.cluster.apply(new StatefulSetBuilder(StatefulSets.web(2, "Parallel")).editMetadata()
        .withDeletionTimestamp("2025-01-01T00:00:00Z").endMetadata().build());
    deleting.sync();
    assertThat(deleting.cluster.allPods()).isEmpty();
    assertThat(deleting.cluster.allRevisions()).isEmpty();

    Harness follower = new Harness();
    var controller = new StatefulSetController(follower.cluster, follower.cluster, follower.clock, () -> false,
        (k, d) -> { });
    follower.cluster.apply(StatefulSets.web(2, "Parallel"));
    controller.reconcile(NS + "/web");
    assertThat(follower.cluster.allPods()).isEmpty();
    assertThat(follower.cluster.calls("updateStatus")).isZero();
  }

  @Test
  void rollbackReusesTheFirstRevisionAndBumpsIt() throws Exception {
    Harness h = new Harness();
    h.cluster.apply(StatefulSets.web(2, "OrderedReady"));
    h.settle(20);
    String a = h.set().getStatus().getCurrentRevision();
    h.cluster.editSet(NS, "web", s -> StatefulSets.withImage(s, "nginx:b"));
    h.settle(40);
    String b = h.set().getStatus().getCurrentRevision();
    assertThat(b).isNotEqualTo(a);
    h.cluster.editSet(NS, "web", s -> StatefulSets.withImage(s, "registry.k8s.io/nginx-slim:0.24"));
    h.settle(40);
    List<ControllerRevision> revisions = h.cluster.allRevisions();
    assertThat(revisions).hasSize(2);
    ControllerRevision first = revisions.stream().filter(r -> r.getMetadata().getName().equals(a)).findFirst()
        .orElseThrow();
    assertThat(first.getRevision()).isEqualTo(3L);
    assertThat(h.set().getStatus().getUpdateRevision()).isEqualTo(a);
    assertThat(h.set().getStatus().getCurrentRevision()).isEqualTo(a);
  }

  @Test
  void onDeleteRecreatesDeletedPodsAtTheNewRevisionButNeverAdvancesCurrentRevision() throws Exception {
    Harness h = new Harness();
    StatefulSet set = StatefulSets.web(2, "OrderedReady");
    set.getSpec().getUpdateStrategy().setType("OnDelete");
    set.getSpec().getUpdateStrategy().setRollingUpdate(null);
    h.cluster.apply(set);
    h.settle(20);
    String old = h.set().getStatus().getCurrentRevision();
    h.cluster.editSet(NS, "web", s -> StatefulSets.withImage(s, "nginx:b"));
    h.settle(20);
    assertThat(h.pods()).allSatisfy(p -> assertThat(StatefulPods.revisionOf(p)).isEqualTo(old));
    for (String name : List.of("web-0", "web-1")) {
      h.cluster.userDeletePod(NS, name);
      h.settle(20);
    }
    var status = h.set().getStatus();
    assertThat(status.getUpdatedReplicas()).isEqualTo(2);
    assertThat(status.getCurrentRevision()).isEqualTo(old);
    assertThat(status.getCurrentReplicas()).isNull();
    assertThat(h.pod("web-0").getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:b");
  }

  @Test
  void scaleDownEmitsDeleteEventsHighestFirstAndKeepsClaims() throws Exception {
    Harness h = new Harness();
    h.cluster.apply(StatefulSets.web(3, "OrderedReady"));
    h.settle(20);
    h.cluster.editSet(NS, "web", s -> {
      s.getSpec().setReplicas(1);
      return s;
    });
    List<String> deleted = new ArrayList<>();
    h.cluster.beforeDeletePod(p -> deleted.add(p.getMetadata().getName()));
    h.settle(20);
    assertThat(deleted).containsExactly("web-2", "web-1");
    assertThat(h.cluster.events()).contains("Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful");
    assertThat(h.cluster.claim(NS, "www-web-2")).isPresent();
  }

  @Test
  void hashCollisionWithAForeignRevisionIsCountedAndRehashed() throws Exception {
    Harness h = new Harness();
    StatefulSet set = h.cluster.apply(StatefulSets.web(1, "OrderedReady"));
    ControllerRevision ours = StatefulSetRevisions.newRevision(set, 1, 0);
    ControllerRevision foreign = StatefulSetRevisions.newRevision(StatefulSets.withImage(set, "other"), 1, 0);
    foreign.getMetadata().setName(ours.getMetadata().getName());
    foreign.getMetadata().setLabels(Map.of("app", "else"));
    foreign.getMetadata().setOwnerReferences(null);
    h.cluster.seed(foreign);
    assertThat(h.syncCatching()).hasMessageContaining("collisionCount is now 1");
    h.sync();
    assertThat(h.set().getStatus().getCollisionCount()).isEqualTo(1);
    assertThat(h.set().getStatus().getUpdateRevision()).isNotEqualTo(ours.getMetadata().getName());
    assertThat(h.podNames()).containsExactly("web-0");
  }

  private static String owner(Pod pod) {
    List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
    return refs == null || refs.isEmpty() ? null : refs.getFirst().getUid();
  }
}
