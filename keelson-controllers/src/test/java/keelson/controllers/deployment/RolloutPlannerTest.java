package keelson.controllers.deployment;

import static keelson.controllers.deployment.DeploymentPlannerTest.deployment;
import static keelson.controllers.deployment.DeploymentPlannerTest.rs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import keelson.controllers.daemonset.DaemonPods;
import keelson.controllers.deployment.RolloutAction.CreateReplicaSet;
import keelson.controllers.deployment.RolloutAction.DeleteReplicaSet;
import keelson.controllers.deployment.RolloutAction.UpdateReplicaSet;
import keelson.controllers.runtime.OwnerReferences;
import org.junit.jupiter.api.Test;

class RolloutPlannerTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  private static RolloutPlan plan(Deployment d, List<ReplicaSet> sets, List<Pod> pods) {
    return RolloutPlanner.plan(new DeploymentObservation(d, sets, pods), NOW);
  }

  private static Deployment withImage(Deployment d, String image) {
    Deployment copy = DaemonPods.copy(d);
    copy.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
    return copy;
  }

  /** A set of {@code template}'s deployment, named by its real hash, with a uid. */
  private static ReplicaSet setFor(Deployment template, long revision, int replicas, int available, String created) {
    ReplicaSet rs = rs(template, DeploymentRevisions.hash(template.getSpec().getTemplate(), null), revision, replicas,
        available, created);
    rs.getMetadata().setUid("rs-" + revision);
    rs.getMetadata().setGeneration(1L);
    rs.getStatus().setObservedGeneration(1L);
    return rs;
  }

  private static Map<String, Integer> sizes(RolloutPlan plan) {
    return plan.actions().stream().filter(a -> !(a instanceof DeleteReplicaSet)).collect(Collectors.toMap(
        a -> a.replicaSet().getMetadata().getName(), a -> a.replicaSet().getSpec().getReplicas()));
  }

  private static DeploymentCondition condition(DeploymentStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  @Test
  void createsTheNewReplicaSetWithHashRevisionAndCondition() {
    Deployment d = deployment(3, "25%", "25%");
    RolloutPlan plan = plan(d, List.of(), List.of());
    assertThat(plan.actions()).singleElement().isInstanceOf(CreateReplicaSet.class);
    ReplicaSet created = plan.actions().get(0).replicaSet();
    String hash = DeploymentRevisions.hash(d.getSpec().getTemplate(), null);
    assertThat(created.getMetadata().getName()).isEqualTo("web-" + hash);
    assertThat(created.getSpec().getReplicas()).isEqualTo(3);
    assertThat(created.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
    assertThat(created.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
    assertThat(OwnerReferences.isControlledBy(created, d)).isTrue();
    assertThat(plan.revision()).contains("1");
    assertThat(plan.status().getObservedGeneration()).isEqualTo(2L);
    DeploymentCondition progressing = condition(plan.status(), "Progressing");
    assertThat(progressing.getReason()).isEqualTo("NewReplicaSetCreated");
    assertThat(progressing.getMessage()).isEqualTo("Created new replica set \"web-" + hash + "\"");
    assertThat(plan.requeueAfter()).isPresent();
  }

  @Test
  void rollingStepsRespectMaxSurgeAndMaxUnavailable() {
    Deployment v1 = deployment(10, "25%", "25%"); // surge 3, unavailable 2
    ReplicaSet old = setFor(v1, 1, 10, 10, "2025-01-01T00:00:00Z");
    Deployment v2 = withImage(v1, "nginx:1.26");
    v2.getMetadata().setGeneration(3L);
    RolloutPlan first = plan(v2, List.of(old), List.of());
    String newName = "web-" + DeploymentRevisions.hash(v2.getSpec().getTemplate(), null);
    // 13 pods at most; 8 available at least: the new set starts at 3, the old one gives up 2.
    assertThat(first.actions().get(0)).isInstanceOf(CreateReplicaSet.class);
    assertThat(sizes(first)).isEqualTo(Map.of(newName, 3, old.getMetadata().getName(), 8));
    assertThat(first.actions().get(1)).isInstanceOfSatisfying(UpdateReplicaSet.class,
        u -> assertThat(u.fromReplicas()).isEqualTo(10));
    assertThat(first.revision()).contains("2");

    // The old set has shrunk to 8, none of the 3 new pods is available yet: new grows to 13 - 8 = 5 only.
    ReplicaSet shrunk = setFor(v1, 1, 8, 8, "2025-01-01T00:00:00Z");
    ReplicaSet fresh = setFor(v2, 2, 3, 0, "2025-01-01T01:00:00Z");
    assertThat(sizes(plan(v2, List.of(shrunk, fresh), List.of()))).isEqualTo(Map.of(newName, 5));

    // At 13 pods with 8 available nothing may move until new pods become available.
    ReplicaSet grown = setFor(v2, 2, 5, 0, "2025-01-01T01:00:00Z");
    assertThat(plan(v2, List.of(shrunk, grown), List.of()).actions()).isEmpty();

    // Two new pods available: two old ones may go.
    grown.getStatus().setAvailableReplicas(2);
    assertThat(sizes(plan(v2, List.of(shrunk, grown), List.of()))).isEqualTo(Map.of(shrunk.getMetadata().getName(), 6));
  }

  @Test
  void surgeCountsPodsAnOldSetStillHas() {
    Deployment v1 = deployment(4, "1", "0");
    Deployment v2 = withImage(v1, "nginx:1.26");
    ReplicaSet old = setFor(v1, 1, 3, 3, "2025-01-01T00:00:00Z");
    old.getStatus().setReplicas(4); // scaled down from 4, its pod not deleted yet
    ReplicaSet fresh = setFor(v2, 2, 1, 1, "2025-01-01T01:00:00Z");
    assertThat(plan(v2, List.of(old, fresh), List.of()).actions()).isEmpty();
  }

  @Test
  void recreateWaitsForOldPodsToBeGone() {
    Deployment v1 = deployment(3, null, null);
    v1.getSpec().setStrategy(new DeploymentStrategyBuilder().withType("Recreate").build());
    ReplicaSet old = setFor(v1, 1, 3, 3, "2025-01-01T00:00:00Z");
    Deployment v2 = withImage(v1, "nginx:1.26");

    RolloutPlan scaleDown = plan(v2, List.of(old), List.of());
    assertThat(scaleDown.actions()).singleElement().isInstanceOf(UpdateReplicaSet.class);
    assertThat(sizes(scaleDown)).isEqualTo(Map.of(old.getMetadata().getName(), 0));

    ReplicaSet emptied = setFor(v1, 1, 0, 0, "2025-01-01T00:00:00Z");
    emptied.getStatus().setReplicas(0);
    Pod terminating = new PodBuilder().withNewMetadata().withName("web-old-1").withNamespace("default")
        .withDeletionTimestamp("2025-01-01T11:59:59Z").withOwnerReferences(OwnerReferences.controllerReference(emptied))
        .addToLabels("app", "web").endMetadata().withNewStatus().withPhase("Running").endStatus().build();
    assertThat(plan(v2, List.of(emptied), List.of(terminating)).actions()).isEmpty();

    RolloutPlan scaleUp = plan(v2, List.of(emptied), List.of());
    assertThat(scaleUp.actions()).singleElement().isInstanceOf(CreateReplicaSet.class);
    assertThat(scaleUp.actions().get(0).replicaSet().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void completeRolloutCleansUpHistoryBeyondTheLimit() {
    Deployment d = deployment(3, "25%", "25%"); // history limit 2
    List<ReplicaSet> sets = List.of(
        setFor(withImage(d, "a"), 1, 0, 0, "2025-01-01T00:00:00Z"),
        setFor(withImage(d, "b"), 2, 0, 0, "2025-01-01T01:00:00Z"),
        setFor(withImage(d, "c"), 3, 0, 0, "2025-01-01T02:00:00Z"),
        setFor(withImage(d, "e"), 4, 0, 0, "2025-01-01T03:00:00Z"),
        setFor(d, 5, 3, 3, "2025-01-01T04:00:00Z"));
    sets.forEach(rs -> rs.getStatus().setReplicas(DeploymentPlanner.specReplicas(rs)));
    DeploymentStatus complete = new DeploymentStatus();
    complete.setObservedGeneration(2L);
    complete.setReplicas(3);
    complete.setUpdatedReplicas(3);
    complete.setAvailableReplicas(3);
    d.setStatus(complete);
    RolloutPlan plan = plan(d, sets, List.of());
    assertThat(plan.actions()).allSatisfy(a -> assertThat(a).isInstanceOf(DeleteReplicaSet.class))
        .extracting(a -> a.replicaSet().getMetadata().getUid()).containsExactly("rs-1", "rs-2");

    // Not complete yet: nothing is deleted.
    d.setStatus(null);
    assertThat(plan(d, sets, List.of()).actions()).noneMatch(a -> a instanceof DeleteReplicaSet);
  }

  @Test
  void undoReusesTheOldReplicaSetAndMovesItsRevision() {
    Deployment v1 = deployment(3, "25%", "25%");
    Deployment v2 = withImage(v1, "nginx:1.26");
    ReplicaSet rev1 = setFor(v1, 1, 0, 0, "2025-01-01T00:00:00Z");
    ReplicaSet rev2 = setFor(v2, 2, 3, 3, "2025-01-01T01:00:00Z");
    // kubectl rollout undo writes the set's template back, with resources: {} that Go printed.
    Deployment undone = DaemonPods.copy(v1);
    undone.getSpec().getTemplate().getSpec().getContainers().get(0).setResources(new ResourceRequirements());
    RolloutPlan plan = plan(undone, List.of(rev1, rev2), List.of());
    assertThat(plan.actions()).noneMatch(a -> a instanceof CreateReplicaSet);
    UpdateReplicaSet reused = (UpdateReplicaSet) plan.actions().get(0);
    assertThat(reused.replicaSet().getMetadata().getName()).isEqualTo(rev1.getMetadata().getName());
    assertThat(reused.replicaSet().getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision", "3")
        .containsEntry("deployment.kubernetes.io/revision-history", "1");
    assertThat(reused.replicaSet().getSpec().getReplicas()).isEqualTo(1); // 3 + 1 surge - 3
    assertThat(reused.fromReplicas()).isZero();
    assertThat(plan.revision()).contains("3");
  }

  @Test
  void statusCountsAndCompletesWithNewReplicaSetAvailable() {
    Deployment d = deployment(3, "25%", "25%");
    ReplicaSet rs = setFor(d, 1, 3, 3, "2025-01-01T00:00:00Z");
    d.getMetadata().setAnnotations(Map.of("deployment.kubernetes.io/revision", "1"));
    DeploymentStatus before = new DeploymentStatus();
    before.setConditions(List.of(DeploymentStatuses.condition("Progressing", "True", "ReplicaSetUpdated",
        "ReplicaSet \"" + rs.getMetadata().getName() + "\" is progressing.", NOW.minusSeconds(30))));
    d.setStatus(before);
    RolloutPlan plan = plan(d, List.of(rs), List.of());
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.revision()).isEmpty();
    DeploymentStatus s = plan.status();
    assertThat(List.of(s.getReplicas(), s.getUpdatedReplicas(), s.getReadyReplicas(), s.getAvailableReplicas()))
        .containsOnly(3);
    assertThat(s.getUnavailableReplicas()).isNull();
    assertThat(condition(s, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
    assertThat(condition(s, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    assertThat(plan.requeueAfter()).isEmpty();
  }

  @Test
  void pausedDeploymentRollsNothingOutAndSaysSo() {
    Deployment v1 = deployment(3, "25%", "25%");
    ReplicaSet old = setFor(v1, 1, 3, 3, "2025-01-01T00:00:00Z");
    Deployment v2 = withImage(v1, "nginx:1.26");
    v2.getSpec().setPaused(true);
    RolloutPlan plan = plan(v2, List.of(old), List.of());
    assertThat(plan.actions()).isEmpty();
    DeploymentCondition progressing = condition(plan.status(), "Progressing");
    assertThat(progressing.getStatus()).isEqualTo("Unknown");
    assertThat(progressing.getReason()).isEqualTo("DeploymentPaused");
  }

  @Test
  void scalingMidRolloutIsProportional() {
    Deployment v1 = deployment(10, "3", "2");
    Deployment v2 = withImage(v1, "nginx:1.26");
    ReplicaSet old = setFor(v1, 1, 8, 8, "2025-01-01T00:00:00Z");
    ReplicaSet fresh = setFor(v2, 2, 5, 0, "2025-01-01T01:00:00Z");
    v2.getSpec().setReplicas(20); // max 23 now, was 13: 10 more, spread 8:5
    RolloutPlan plan = plan(v2, List.of(old, fresh), List.of());
    assertThat(sizes(plan)).isEqualTo(Map.of(old.getMetadata().getName(), 14, fresh.getMetadata().getName(), 9));
    assertThat(plan.actions()).allSatisfy(a -> assertThat(a.replicaSet().getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/desired-replicas", "20")
        .containsEntry("deployment.kubernetes.io/max-replicas", "23"));
  }

  @Test
  void hashCollisionRaisesCollisionCount() {
    Deployment d = deployment(3, "25%", "25%");
    ReplicaSet squatter = setFor(withImage(d, "other"), 1, 1, 1, "2025-01-01T00:00:00Z");
    squatter.getMetadata().setName("web-" + DeploymentRevisions.hash(d.getSpec().getTemplate(), null));
    RolloutPlan plan = plan(d, List.of(squatter), List.of());
    assertThat(plan.actions()).noneMatch(a -> a instanceof CreateReplicaSet);
    assertThat(plan.status().getCollisionCount()).isEqualTo(1);
  }
}
