package keelson.controllers.statefulset;

import static keelson.controllers.statefulset.StatefulSets.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import keelson.controllers.history.StatefulSetRevisions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays the kubelet (and a careless user) against the real controller over an in-memory cluster:
 * every step reconciles once, checks the invariants, then moves one seeded-random pod one phase
 * along (Pending → Running → Ready, terminating → gone) and sometimes deletes a pod, marks one
 * NotReady or Failed, rescales, changes the image or fails an API call. At the end the world must
 * converge. Rerun one case with {@code -Dkeelson.sim.seed=<seed>}.
 */
class StatefulSetSimulationTest {
  private static final int CHAOS_STEPS = 400;

  static Stream<Arguments> runs() {
    String fixed = System.getProperty("keelson.sim.seed");
    LongStream seeds = fixed != null ? LongStream.of(Long.parseLong(fixed)) : LongStream.rangeClosed(1, 8);
    return seeds.boxed().flatMap(seed -> Stream.of(Arguments.of("OrderedReady", seed), Arguments.of("Parallel", seed)));
  }

  @ParameterizedTest(name = "{0} seed={1}")
  @MethodSource("runs")
  void invariantsHoldWhileAFakeKubeletAdvancesRandomPods(String policy, long seed) throws Exception {
    System.out.println("StatefulSet simulation: policy=" + policy + " seed=" + seed);
    Random random = new Random(seed);
    Harness h = new Harness();
    List<String> violations = new ArrayList<>();
    boolean ordered = policy.equals("OrderedReady");
    StatefulSet initial = StatefulSets.web(3, policy);
    initial.getSpec().setMinReadySeconds(random.nextBoolean() ? 0 : 2);
    h.cluster.apply(initial);
    h.cluster.beforeCreatePod(pod -> checkCreate(h, pod, ordered, violations));
    h.cluster.beforeDeletePod(pod -> checkDelete(h, pod, ordered, violations));

    for (int step = 0; step < CHAOS_STEPS; step++) {
      h.syncCatching();
      checkState(h, violations);
      assertThat(violations).as("policy=%s seed=%d step=%d", policy, seed, step).isEmpty();
      chaos(h, random);
      List<Pod> pods = h.pods();
      if (!pods.isEmpty()) {
        h.advance(pods.get(random.nextInt(pods.size())));
      }
      h.clock.advance(Duration.ofSeconds(1));
    }

    // No more chaos: the kubelet brings everything along, and the set must converge.
    for (int step = 0; step < 300 && !converged(h); step++) {
      h.syncCatching();
      checkState(h, violations);
      assertThat(violations).as("policy=%s seed=%d settling step=%d", policy, seed, step).isEmpty();
      for (Pod pod : h.pods()) {
        h.advance(pod);
      }
      h.clock.advance(Duration.ofSeconds(1));
    }
    long creates = h.cluster.events().stream().filter(e -> e.startsWith("Normal SuccessfulCreate create Pod")).count();
    long deletes = h.cluster.events().stream().filter(e -> e.startsWith("Normal SuccessfulDelete")).count();
    System.out.println("  pods created=" + creates + " deleted=" + deletes + " revisions=" + h.cluster.allRevisions().size()
        + " final=" + h.podNames());
    assertThat(converged(h)).as("policy=%s seed=%d converges; pods=%s status=%s", policy, seed, h.podNames(),
        h.set().getStatus()).isTrue();
  }

  private static void chaos(Harness h, Random random) {
    int roll = random.nextInt(100);
    List<Pod> pods = h.pods();
    Pod victim = pods.isEmpty() ? null : pods.get(random.nextInt(pods.size()));
    if (roll < 3 && victim != null) {
      h.cluster.userDeletePod(NS, victim.getMetadata().getName());
    } else if (roll < 6) {
      int replicas = random.nextInt(6);
      h.cluster.editSet(NS, "web", s -> {
        s.getSpec().setReplicas(replicas);
        return s;
      });
    } else if (roll < 9) {
      String image = "nginx:" + random.nextInt(3);
      h.cluster.editSet(NS, "web", s -> StatefulSets.withImage(s, image));
    } else if (roll < 12 && victim != null && StatefulPods.isRunningAndReady(victim)) {
      h.running(victim.getMetadata().getName(), false);
    } else if (roll < 13 && victim != null && !StatefulPods.isTerminating(victim)) {
      h.phase(victim.getMetadata().getName(), "Failed");
    } else if (roll < 15) {
      String[] operations = {"createPod", "deletePod", "createClaim", "updateStatus", "createRevision"};
      h.cluster.failNth(operations[random.nextInt(operations.length)], 1, 500, "etcdserver: request timed out");
    }
  }

  /** Claims before pods, unique names, and (OrderedReady) every lower ordinal Running, Ready and available. */
  private static void checkCreate(Harness h, Pod pod, boolean ordered, List<String> violations) {
    String name = pod.getMetadata().getName();
    if (h.cluster.pod(NS, name).isPresent()) {
      violations.add("created " + name + " while a pod of that name exists");
    }
    for (Volume v : pod.getSpec().getVolumes()) {
      if (v.getPersistentVolumeClaim() != null
          && h.cluster.claim(NS, v.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
        violations.add("created " + name + " before its claim " + v.getPersistentVolumeClaim().getClaimName());
      }
    }
    if (ordered) {
      StatefulSet set = h.set();
      int minReady = StatefulPods.minReadySeconds(set);
      for (int o = StatefulPods.startOrdinal(set); o < StatefulPods.ordinal(pod); o++) {
        var lower = h.cluster.pod(NS, "web-" + o);
        if (lower.isEmpty() || !StatefulPods.isHealthy(lower.get())
            || !StatefulPods.isAvailable(lower.get(), minReady, h.clock.instant())) {
          violations.add("created " + name + " while web-" + o + " is not Running, Ready and available");
        }
      }
    }
  }

  /** Scale-down strictly highest first (OrderedReady); updates one at a time from the top. */
  private static void checkDelete(Harness h, Pod pod, boolean ordered, List<String> violations) {
    StatefulSet set = h.set();
    String name = pod.getMetadata().getName();
    int ordinal = StatefulPods.ordinal(pod);
    if (StatefulPods.isFailed(pod) || StatefulPods.isSucceeded(pod)) {
      return;
    }
    if (!StatefulPods.inOrdinalRange(set, ordinal)) {
      if (ordered) {
        for (Pod other : h.pods()) {
          int o = StatefulPods.ordinal(other);
          if (o > ordinal) {
            violations.add("scale-down deleted " + name + " while higher " + other.getMetadata().getName() + " exists");
          }
          if (StatefulPods.inOrdinalRange(set, o) && !StatefulPods.isHealthy(other)) {
            violations.add("scale-down deleted " + name + " while " + other.getMetadata().getName() + " is unhealthy");
          }
        }
      }
      return;
    }
    String update = updateRevision(set);
    if (StatefulPods.revisionOf(pod).equals(update)) {
      violations.add("deleted " + name + " which is already at the update revision");
    }
    int start = StatefulPods.startOrdinal(set);
    for (int o = ordinal + 1; o <= StatefulPods.endOrdinal(set); o++) {
      var above = h.cluster.pod(NS, "web-" + o);
      if (above.isEmpty() || !StatefulPods.isHealthy(above.get())
          || !StatefulPods.revisionOf(above.get()).equals(update)) {
        violations.add("update deleted " + name + " while web-" + o + " (slot " + (o - start)
            + ") is not yet replaced and healthy: a second replacement in flight");
      }
    }
  }

  /** Every pod of the set has its identity, claims and single controller reference. */
  private static void checkState(Harness h, List<String> violations) {
    StatefulSet set = h.set();
    for (Pod pod : h.pods()) {
      String name = pod.getMetadata().getName();
      if (!StatefulPods.identityMatches(set, pod) || !StatefulPods.storageMatches(set, pod)) {
        violations.add(name + " lost its identity or storage");
      }
      if (pod.getMetadata().getOwnerReferences() == null || pod.getMetadata().getOwnerReferences().size() != 1) {
        violations.add(name + " has not exactly one owner reference");
      }
      for (Volume v : pod.getSpec().getVolumes()) {
        if (h.cluster.claim(NS, v.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
          violations.add(name + " runs without its claim");
        }
      }
    }
    if (set.getStatus() != null && set.getStatus().getReadyReplicas() != null
        && set.getStatus().getReadyReplicas() > set.getStatus().getReplicas()) {
      violations.add("status readyReplicas exceeds replicas: " + set.getStatus());
    }
  }

  private static String updateRevision(StatefulSet set) {
    Integer collisions = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0
        : set.getStatus().getCollisionCount();
    return StatefulSetRevisions.newRevision(set, 1, collisions).getMetadata().getName();
  }

  private static boolean converged(Harness h) {
    StatefulSet set = h.set();
    int replicas = StatefulPods.replicas(set);
    List<Pod> pods = h.pods();
    if (pods.size() != replicas || set.getStatus() == null) {
      return false;
    }
    String update = updateRevision(set);
    for (int i = 0; i < replicas; i++) {
      Pod pod = pods.get(i);
      if (StatefulPods.ordinal(pod) != i || !StatefulPods.isHealthy(pod) || !StatefulPods.revisionOf(pod).equals(update)) {
        return false;
      }
    }
    var status = set.getStatus();
    return update.equals(status.getCurrentRevision()) && update.equals(status.getUpdateRevision())
        && replicas == orZero(status.getReadyReplicas()) && replicas == orZero(status.getUpdatedReplicas())
        && replicas == orZero(status.getCurrentReplicas()) && replicas == orZero(status.getReplicas());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
