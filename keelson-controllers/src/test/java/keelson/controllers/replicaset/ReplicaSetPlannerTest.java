package keelson.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Instant;
import java.util.List;
import keelson.controllers.replicaset.ReplicaSetPlanner.ReplicaSetCounts;
import keelson.controllers.replicaset.ReplicaSetPlanner.ReplicaSetPlan;
import org.junit.jupiter.api.Test;

class ReplicaSetPlannerTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  static ReplicaSet replicaSet(int replicas) {
    return new ReplicaSetBuilder().withNewMetadata().withName("web-7d4b9c").withNamespace("default").withUid("rs-uid")
        .withGeneration(3L).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels("pod-template-hash", "7d4b9c")
        .endMetadata().withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
        .endTemplate().endSpec().build();
  }

  /** A pod; phase Running when ready or when readySecondsAgo is negative (running, not ready). */
  static Pod pod(String name, String node, String phase, Integer readySecondsAgo, int createdSecondsAgo) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
        .addToLabels("app", "web").addToLabels("pod-template-hash", "7d4b9c")
        .withCreationTimestamp(NOW.minusSeconds(createdSecondsAgo).toString()).endMetadata()
        .withNewSpec().withNodeName(node).endSpec()
        .withNewStatus().withPhase(phase).endStatus();
    Pod pod = b.build();
    if (readySecondsAgo != null) {
      pod.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True")
          .withLastTransitionTime(NOW.minusSeconds(readySecondsAgo).toString()).build()));
    }
    return pod;
  }

  private static List<String> order(List<Pod> pods) {
    return ReplicaSetPlanner.podsToDelete(pods, pods, pods.size() - 1, NOW).stream()
        .map(p -> p.getMetadata().getName()).toList();
  }

  @Test
  void unassignedBeforeAssigned() {
    assertThat(order(List.of(pod("assigned", "n1", "Pending", null, 10), pod("unassigned", null, "Pending", null, 10),
        pod("x", "n2", "Running", 5, 100))))
        .containsExactly("unassigned", "assigned");
  }

  @Test
  void pendingBeforeUnknownBeforeRunning() {
    assertThat(order(List.of(pod("running", "n1", "Running", null, 10), pod("unknown", "n2", "Unknown", null, 10),
        pod("pending", "n3", "Pending", null, 10), pod("keep", "n4", "Running", 1000, 5000))))
        .containsExactly("pending", "unknown", "running");
  }

  @Test
  void notReadyBeforeReady() {
    assertThat(order(List.of(pod("ready", "n1", "Running", 10, 10), pod("notready", "n2", "Running", null, 10),
        pod("keep", "n3", "Running", 5000, 5000))))
        .containsExactly("notready", "ready");
  }

  @Test
  void lowerDeletionCostFirst() {
    Pod cheap = pod("cheap", "n1", "Running", 5000, 5000);
    cheap.getMetadata().setAnnotations(java.util.Map.of(ReplicaSetPlanner.DELETION_COST_ANNOTATION, "-10"));
    Pod dear = pod("dear", "n2", "Running", 10, 10);
    dear.getMetadata().setAnnotations(java.util.Map.of(ReplicaSetPlanner.DELETION_COST_ANNOTATION, "100"));
    assertThat(order(List.of(dear, cheap, pod("keep", "n3", "Running", 20, 20))))
        .containsExactly("cheap", "keep");
  }

  @Test
  void doubledUpBeforeAlone() {
    List<Pod> pods = List.of(pod("alone", "n1", "Running", 5000, 5000), pod("double1", "n2", "Running", 5000, 5000),
        pod("double2", "n2", "Running", 5000, 5000));
    assertThat(ReplicaSetPlanner.podsToDelete(pods, pods, 1, NOW)).extracting(p -> p.getMetadata().getName())
        .containsAnyOf("double1", "double2");
  }

  @Test
  void readyMoreRecentlyFirstInLogarithmicBuckets() {
    // Ready 10 s ago vs 1000 s ago: different log2 buckets, the newer goes first.
    assertThat(order(List.of(pod("old", "n1", "Running", 1000, 2000), pod("new", "n2", "Running", 10, 2000),
        pod("keep", "n3", "Running", 100_000, 200_000))))
        .containsExactly("new", "old");
    // 100 s and 101 s ago fall in the same bucket: the UID decides.
    assertThat(order(List.of(pod("b", "n1", "Running", 100, 2000), pod("a", "n2", "Running", 101, 2000),
        pod("keep", "n3", "Running", 100_000, 200_000))))
        .containsExactly("a", "b");
  }

  @Test
  void moreRestartsFirstThenNewerCreation() {
    Pod restarted = pod("restarted", "n1", "Running", 100, 100_000);
    restarted.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("web").withRestartCount(3)
        .build()));
    Pod fresh = pod("fresh", "n2", "Running", 100, 10);
    assertThat(order(List.of(fresh, restarted, pod("keep", "n3", "Running", 100, 1_000_000))))
        .containsExactly("restarted", "fresh");
  }

  @Test
  void scaleUpCreatesTheDifferenceCappedAtBurst() {
    ReplicaSetPlan plan = ReplicaSetPlanner.plan(replicaSet(3), List.of(pod("a", "n1", "Running", 5, 5)), List.of(), NOW);
    assertThat(plan.creates()).isEqualTo(2);
    assertThat(plan.deletes()).isEmpty();
    assertThat(ReplicaSetPlanner.plan(replicaSet(900), List.of(), List.of(), NOW).creates()).isEqualTo(500);
  }

  @Test
  void statusCountsReadyAvailableAndFullyLabeled() {
    ReplicaSet rs = replicaSet(3);
    rs.getSpec().setMinReadySeconds(30);
    Pod partial = pod("partial", "n3", "Running", 100, 100);
    partial.getMetadata().getLabels().remove("pod-template-hash");
    ReplicaSetCounts counts = ReplicaSetPlanner.counts(rs, List.of(pod("a", "n1", "Running", 100, 100),
        pod("b", "n2", "Running", 10, 10), partial), NOW);
    assertThat(counts).isEqualTo(new ReplicaSetCounts(3, 2, 3, 2));
  }

  @Test
  void newPodsAreNamedAfterTheSetAndOwnedByIt() {
    Pod pod = ReplicaSetSync.newPod(replicaSet(1));
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("web-7d4b9c-");
    assertThat(pod.getMetadata().getLabels()).containsEntry("pod-template-hash", "7d4b9c");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getController()).isTrue());
  }
}
