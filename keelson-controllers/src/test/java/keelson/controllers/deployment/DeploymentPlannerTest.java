package keelson.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeploymentPlannerTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  static Deployment deployment(int replicas, String maxSurge, String maxUnavailable) {
    DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default")
        .withUid("d-uid").withGeneration(2L).addToAnnotations("kubernetes.io/change-cause", "image 1.25")
        .endMetadata()
        .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(600).withRevisionHistoryLimit(2)
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer().endSpec().endTemplate()
        .endSpec();
    Deployment d = b.build();
    if (maxSurge != null) {
      d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
          .withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(intOrPercent(maxSurge))
          .withMaxUnavailable(intOrPercent(maxUnavailable)).endRollingUpdate().build());
    }
    return d;
  }

  private static IntOrString intOrPercent(String value) {
    return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
  }

  static ReplicaSet rs(Deployment d, String hash, long revision, int replicas, int available, String created) {
    ReplicaSet rs = DeploymentRevisions.newReplicaSet(d, hash, revision, replicas);
    rs.getMetadata().setCreationTimestamp(created);
    ReplicaSetStatus status = new ReplicaSetStatus();
    status.setReplicas(replicas);
    status.setReadyReplicas(available);
    status.setAvailableReplicas(available);
    rs.setStatus(status);
    return rs;
  }

  @ParameterizedTest(name = "{0} replicas, surge {1}, unavailable {2} -> {3}/{4}")
  @CsvSource({
      "10, 25%, 25%, 3, 2", // surge rounds up, unavailable down
      "4, 25%, 25%, 1, 1",
      "1, 25%, 25%, 1, 0",
      "3, 0, 0, 0, 1", // both zero: one unavailable
      "5, 2, 30%, 2, 1",
  })
  void fencepostsRoundSurgeUpAndUnavailableDown(int replicas, String surge, String unavailable, int expectSurge,
      int expectUnavailable) {
    assertThat(DeploymentPlanner.fenceposts(deployment(replicas, surge, unavailable)))
        .isEqualTo(new DeploymentPlanner.Fenceposts(expectSurge, expectUnavailable));
  }

  @Test
  void defaultsAre25PercentEach() {
    assertThat(DeploymentPlanner.fenceposts(deployment(8, null, null))).isEqualTo(new DeploymentPlanner.Fenceposts(2, 2));
  }

  @Test
  void newReplicaSetGrowsWithinTheSurgeBudget() {
    Deployment d = deployment(10, "25%", "25%");
    ReplicaSet old = rs(d, "old", 1, 10, 10, "2025-01-01T00:00:00Z");
    ReplicaSet fresh = rs(d, "new", 2, 0, 0, "2025-01-01T01:00:00Z");
    assertThat(DeploymentPlanner.newReplicaSetReplicas(d, List.of(old, fresh), fresh)).isEqualTo(3);
    fresh.getSpec().setReplicas(3);
    assertThat(DeploymentPlanner.newReplicaSetReplicas(d, List.of(old, fresh), fresh)).isEqualTo(3); // at 13 already
    old.getSpec().setReplicas(5);
    old.getStatus().setReplicas(5); // its controller has deleted the pods
    assertThat(DeploymentPlanner.newReplicaSetReplicas(d, List.of(old, fresh), fresh)).isEqualTo(8);
  }

  @Test
  void oldReplicaSetsShrinkAsFarAsMinAvailableAllows() {
    Deployment d = deployment(10, "25%", "25%"); // minAvailable 8
    ReplicaSet old = rs(d, "old", 1, 10, 10, "2025-01-01T00:00:00Z");
    ReplicaSet fresh = rs(d, "new", 2, 3, 0, "2025-01-01T01:00:00Z");
    // all 13, new unavailable 3: maxScaledDown = 13 - 8 - 3 = 2; available 10 - 8 = 2.
    assertThat(DeploymentPlanner.scaleDownOld(d, List.of(old), fresh)).isEqualTo(Map.of(old.getMetadata().getName(), 8));
  }

  @Test
  void unhealthyOldReplicasGoFirst() {
    Deployment d = deployment(4, "1", "0"); // minAvailable 4
    ReplicaSet broken = rs(d, "old", 1, 4, 1, "2025-01-01T00:00:00Z");
    ReplicaSet fresh = rs(d, "new", 2, 1, 1, "2025-01-01T01:00:00Z");
    // all 5, new unavailable 0: maxScaledDown 1, the set has 3 unhealthy: 1 goes.
    assertThat(DeploymentPlanner.scaleDownOld(d, List.of(broken), fresh))
        .isEqualTo(Map.of(broken.getMetadata().getName(), 3));
  }

  @Test
  void recreateScalesNewToDesired() {
    Deployment d = deployment(3, null, null);
    d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder().withType("Recreate")
        .build());
    ReplicaSet fresh = rs(d, "new", 2, 0, 0, "2025-01-01T01:00:00Z");
    assertThat(DeploymentPlanner.newReplicaSetReplicas(d, List.of(fresh), fresh)).isEqualTo(3);
    assertThat(DeploymentPlanner.maxUnavailable(d)).isZero();
  }

  @Test
  void replicaSetNamingLabelsAndRevisionAnnotations() {
    Deployment d = deployment(3, "25%", "25%");
    String hash = DeploymentRevisions.hash(d.getSpec().getTemplate(), null);
    ReplicaSet rs = DeploymentRevisions.newReplicaSet(d, hash, 4, 1);
    assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
    assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
    assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
    assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "4")
        .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
        .containsEntry("deployment.kubernetes.io/max-replicas", "4")
        .containsEntry("kubernetes.io/change-cause", "image 1.25");
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("pod-template-hash");
    assertThat(DeploymentRevisions.equalIgnoreHash(d.getSpec().getTemplate(), rs.getSpec().getTemplate())).isTrue();
  }

  @Test
  void rollbackMovesTheRevisionAndKeepsHistory() {
    Deployment d = deployment(3, "25%", "25%");
    ReplicaSet rs = DeploymentRevisions.newReplicaSet(d, "abc", 1, 1);
    assertThat(DeploymentRevisions.setNewReplicaSetAnnotations(d, rs, 3, true)).isTrue();
    assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
        .containsEntry("deployment.kubernetes.io/revision-history", "1");
    DeploymentRevisions.setNewReplicaSetAnnotations(d, rs, 5, true);
    assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision-history", "1,3");
    assertThat(DeploymentRevisions.setNewReplicaSetAnnotations(d, rs, 5, true)).isFalse();
  }

  @Test
  void cleanupDeletesOldestEmptySetsBeyondTheLimit() {
    Deployment d = deployment(3, "25%", "25%"); // history limit 2
    ReplicaSet r1 = rs(d, "a", 1, 0, 0, "2025-01-01T00:00:00Z");
    ReplicaSet r2 = rs(d, "b", 2, 1, 1, "2025-01-01T01:00:00Z");
    ReplicaSet r3 = rs(d, "c", 3, 0, 0, "2025-01-01T02:00:00Z");
    ReplicaSet r4 = rs(d, "d", 4, 0, 0, "2025-01-01T03:00:00Z");
    assertThat(DeploymentPlanner.toCleanUp(d, List.of(r4, r3, r2, r1))).extracting(r -> r.getMetadata().getName())
        .containsExactly("web-a");
  }

  @Test
  void statusCarriesAvailableAndProgressingConditions() {
    Deployment d = deployment(3, "25%", "25%");
    ReplicaSet fresh = rs(d, "new", 2, 3, 1, "2025-01-01T01:00:00Z");
    d.setStatus(new DeploymentStatus());
    d.getStatus().setConditions(List.of(DeploymentStatuses.condition("Progressing", "True",
        DeploymentStatuses.NEW_RS_CREATED, "Created new replica set \"web-new\"", NOW.minusSeconds(60))));
    DeploymentStatus s = DeploymentStatuses.next(d, List.of(fresh), fresh, NOW);
    assertThat(s.getObservedGeneration()).isEqualTo(2L);
    assertThat(s.getReplicas()).isEqualTo(3);
    assertThat(s.getUpdatedReplicas()).isEqualTo(3);
    assertThat(s.getAvailableReplicas()).isEqualTo(1);
    assertThat(s.getUnavailableReplicas()).isEqualTo(2);
    assertThat(s.getConditions()).extracting(DeploymentCondition::getType, DeploymentCondition::getStatus,
        DeploymentCondition::getReason, DeploymentCondition::getMessage).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("Available", "False", "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability."),
        org.assertj.core.groups.Tuple.tuple("Progressing", "True", "ReplicaSetUpdated",
            "ReplicaSet \"web-new\" is progressing."));

    fresh.getStatus().setAvailableReplicas(3);
    fresh.getStatus().setReadyReplicas(3);
    d.setStatus(s);
    DeploymentStatus done = DeploymentStatuses.next(d, List.of(fresh), fresh, NOW.plusSeconds(10));
    assertThat(done.getConditions()).extracting(DeploymentCondition::getType, DeploymentCondition::getReason,
        DeploymentCondition::getMessage).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
        org.assertj.core.groups.Tuple.tuple("Progressing", "NewReplicaSetAvailable",
            "ReplicaSet \"web-new\" has successfully progressed."));
    assertThat(done.getUnavailableReplicas()).isNull();
  }

  @Test
  void noProgressPastTheDeadlineTimesOut() {
    Deployment d = deployment(3, "25%", "25%");
    ReplicaSet fresh = rs(d, "new", 2, 3, 0, "2025-01-01T01:00:00Z");
    d.setStatus(new DeploymentStatus());
    d.getStatus().setReplicas(3);
    d.getStatus().setUpdatedReplicas(3);
    d.getStatus().setConditions(List.of(DeploymentStatuses.condition("Progressing", "True",
        DeploymentStatuses.RS_UPDATED, "ReplicaSet \"web-new\" is progressing.", NOW.minusSeconds(601))));
    DeploymentStatus s = DeploymentStatuses.next(d, List.of(fresh), fresh, NOW);
    assertThat(s.getConditions()).filteredOn(c -> "Progressing".equals(c.getType())).singleElement()
        .satisfies(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
          assertThat(c.getMessage()).isEqualTo("ReplicaSet \"web-new\" has timed out progressing.");
        });
  }
}
