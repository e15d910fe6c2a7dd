package keelson.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import keelson.controllers.daemonset.DaemonSetPlanner.NodeDecision;
import keelson.controllers.runtime.Expectations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives {@link DaemonSetSync} against an {@link InMemoryCluster} whose informer cache lags,
 * with a fake scheduler and kubelet advancing one seeded-random pod one phase per step, and random
 * node additions, removals, taints, label flips, pod failures and template updates. Invariants are
 * checked after every step; after the chaos a quiet phase must converge. Re-run one seed with
 * {@code -Dsim.seed=<n>}.
 */
class DaemonSetSimulationTest {
  private static final String KEY = "default/agent";
  private static final List<Taint> TAINTS = List.of(
      Fixtures.taint("dedicated", "infra", "NoSchedule"),
      Fixtures.taint("dedicated", "infra", "NoExecute"),
      Fixtures.taint("node.kubernetes.io/not-ready", "NoSchedule"),
      Fixtures.taint("node.kubernetes.io/unschedulable", "NoSchedule"));

  enum Strategy { MAX_UNAVAILABLE_1, MAX_UNAVAILABLE_25_PERCENT, SURGE_1, ON_DELETE }

  static Stream<Arguments> seeds() {
    String fixed = System.getProperty("sim.seed");
    LongStream seeds = fixed != null ? LongStream.of(Long.parseLong(fixed)) : LongStream.rangeClosed(1, 6);
    return seeds.boxed().flatMap(seed -> Stream.of(Strategy.values()).map(s -> Arguments.of(seed, s)));
  }

  private static final class MutableClock extends Clock {
    Instant now = Fixtures.T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final class World {
    final long seed;
    final Strategy strategy;
    final Random random;
    final MutableClock clock = new MutableClock();
    final Expectations expectations = new Expectations(clock);
    final InMemoryCluster cluster;
    final DaemonSetSync sync;
    int nodeCounter;
    int step;

    World(long seed, Strategy strategy) {
      this.seed = seed;
      this.strategy = strategy;
      this.random = new Random(seed);
      this.cluster = new InMemoryCluster(random, () -> clock.now, expectations);
      this.sync = new DaemonSetSync(cluster, cluster, expectations, new FailedPodBackoff(), clock, false);
    }

    String where() {
      return "seed=" + seed + " strategy=" + strategy + " step=" + step;
    }

    DaemonSet ds() {
      return cluster.daemonSets.get("agent");
    }

    void addNode() {
      String name = "n" + (nodeCounter++);
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("kubernetes.io/hostname", name);
      labels.put("role", random.nextInt(4) == 0 ? "infra" : "worker");
      cluster.putNode(Fixtures.node(name, labels));
    }

    void reconcile() {
      try {
        sync.reconcile(KEY);
      } catch (RuntimeException e) {
        // Retried on a later step, as the work queue would.
      }
      cluster.assertCacheUnchanged();
    }

    /** The fake scheduler and kubelet: advances one pod one phase. */
    void advance(Pod pod, boolean chaos) {
      Pod copy = DaemonPods.copy(pod);
      String name = pod.getMetadata().getName();
      if (!DaemonPods.isScheduled(pod)) {
        String target = DaemonPods.targetNodeName(pod).orElse(null);
        Node node = target == null ? null : cluster.nodes.get(target);
        if (node != null && NodeFit.firstUntoleratedTaint(node.getSpec().getTaints(), pod.getSpec().getTolerations(),
            t -> !"PreferNoSchedule".equals(t.getEffect())).isEmpty() && !DaemonPods.isTerminating(pod)) {
          copy.getSpec().setNodeName(target);
          cluster.putPod(copy);
        }
        return;
      }
      if (!cluster.nodes.containsKey(pod.getSpec().getNodeName())) {
        return; // the pod GC will remove it
      }
      if (DaemonPods.isTerminating(pod)) {
        cluster.removePod(name);
        return;
      }
      String phase = DaemonPods.phase(pod);
      if ("Pending".equals(phase)) {
        copy.getStatus().setPhase("Running");
        copy.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("False")
            .withLastTransitionTime(clock.now.toString()).build()));
        cluster.putPod(copy);
      } else if ("Running".equals(phase) && !DaemonPods.isReady(pod)) {
        copy.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True")
            .withLastTransitionTime(clock.now.toString()).build()));
        cluster.putPod(copy);
      } else if ("Running".equals(phase) && chaos && random.nextInt(8) == 0) {
        copy.getStatus().setPhase("Failed");
        copy.getStatus().setConditions(List.of());
        cluster.putPod(copy);
      }
    }

    void podGc() {
      for (Pod pod : List.copyOf(cluster.pods.values())) {
        if (DaemonPods.isScheduled(pod) && !cluster.nodes.containsKey(pod.getSpec().getNodeName())) {
          cluster.removePod(pod.getMetadata().getName());
        }
      }
    }

    void updateTemplate() {
      DaemonSet stored = DaemonPods.copy(ds());
      long generation = stored.getMetadata().getGeneration() + 1;
      DaemonSet updated = Fixtures.withImage(stored, "agent:" + generation, generation);
      cluster.putDaemonSet(updated);
    }

    void chaosStep() {
      int roll = random.nextInt(100);
      List<String> names = new ArrayList<>(cluster.nodes.keySet());
      if (roll < 25 || cluster.pendingCount() > 30) {
        // The informer delivers a few events at a time; its lag stays in seconds, well below the
        // expectations timeout (beyond which duplicates are accepted upstream behaviour).
        for (int i = random.nextInt(6); i >= 0; i--) {
          cluster.deliverOne();
        }
      } else if (roll < 45) {
        reconcile();
      } else if (roll < 75) {
        List<Pod> pods = new ArrayList<>(cluster.pods.values());
        if (!pods.isEmpty()) {
          advance(pods.get(random.nextInt(pods.size())), true);
        }
      } else if (roll < 79) {
        addNode();
      } else if (roll < 82 && names.size() > 1) {
        cluster.removeNode(names.get(random.nextInt(names.size())));
      } else if (roll < 89 && !names.isEmpty()) {
        Node node = DaemonPods.copy(cluster.nodes.get(names.get(random.nextInt(names.size()))));
        Taint taint = TAINTS.get(random.nextInt(TAINTS.size()));
        List<Taint> taints = new ArrayList<>(NodeFit.orEmpty(node.getSpec().getTaints()));
        if (!taints.removeIf(t -> t.getKey().equals(taint.getKey()) && t.getEffect().equals(taint.getEffect()))) {
          taints.add(taint);
        }
        node.getSpec().setTaints(taints);
        cluster.putNode(node);
      } else if (roll < 93 && !names.isEmpty()) {
        Node node = DaemonPods.copy(cluster.nodes.get(names.get(random.nextInt(names.size()))));
        node.getMetadata().getLabels().put("role",
            "infra".equals(node.getMetadata().getLabels().get("role")) ? "worker" : "infra");
        cluster.putNode(node);
      } else if (roll < 95) {
        updateTemplate();
      } else if (roll < 97) {
        podGc();
      } else {
        clock.now = clock.now.plusSeconds(30);
      }
      clock.now = clock.now.plusSeconds(1);
    }

    /** Invariant after every step: never more pods on a node than the strategy allows. */
    void assertAtMostOnePodPerNode() {
      int allowed = strategy == Strategy.SURGE_1 ? 2 : 1;
      Map<String, Integer> perNode = new LinkedHashMap<>();
      for (Pod pod : cluster.pods.values()) {
        if (!DaemonPods.isTerminating(pod) && !isTerminal(pod)) {
          DaemonPods.targetNodeName(pod).ifPresent(n -> perNode.merge(n, 1, Integer::sum));
        }
      }
      perNode.forEach((node, count) ->
          assertThat(count).as("live daemon pods on %s (%s) backlog=%d pods=%s", node, where(), cluster.pendingCount(),
              cluster.pods.values().stream().filter(p -> node.equals(DaemonPods.targetNodeName(p).orElse(null)))
                  .map(p -> p.getMetadata().getName() + "@" + p.getMetadata().getCreationTimestamp() + ":"
                      + DaemonPods.phase(p) + ":" + p.getMetadata().getLabels()).toList())
              .isLessThanOrEqualTo(allowed));
    }

    /** Quiet rounds (no chaos) until nothing changes any more; returns the number of rounds. */
    int converge() {
      for (int round = 0; round < 2000; round++) {
        int writesBefore = cluster.writes;
        boolean podsMoved = false;
        cluster.deliverAll();
        for (Pod pod : List.copyOf(cluster.pods.values())) {
          String rv = pod.getMetadata().getResourceVersion();
          advance(pod, false);
          Pod after = cluster.pods.get(pod.getMetadata().getName());
          podsMoved |= after == null || !after.getMetadata().getResourceVersion().equals(rv);
        }
        podGc();
        cluster.deliverAll();
        reconcile();
        cluster.deliverAll();
        assertAtMostOnePodPerNode();
        clock.now = clock.now.plusSeconds(5);
        if (!podsMoved && cluster.writes == writesBefore && !cluster.hasPendingEvents()
            && cluster.pods.values().stream().noneMatch(p -> isTerminal(p))) {
          return round;
        }
      }
      throw new AssertionError("did not converge (" + where() + ")");
    }

    String dump() {
      StringBuilder out = new StringBuilder();
      for (Node node : cluster.nodes.values()) {
        out.append(node.getMetadata().getName()).append(' ').append(DaemonSetPlanner.shouldRun(node, ds()))
            .append(' ').append(node.getMetadata().getLabels().get("role")).append(' ')
            .append(node.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList()).append('\n');
      }
      for (Pod p : cluster.pods.values()) {
        out.append("  ").append(p.getMetadata().getName()).append(' ').append(DaemonPods.targetNodeName(p).orElse("?"))
            .append(' ').append(p.getSpec().getNodeName()).append(' ').append(DaemonPods.phase(p)).append(" ready=")
            .append(DaemonPods.isReady(p)).append(" gen=").append(p.getMetadata().getLabels().get("pod-template-generation"))
            .append(" term=").append(DaemonPods.isTerminating(p)).append('\n');
      }
      out.append(ds().getStatus());
      return out.toString();
    }

    void assertConverged() {
      DaemonSet ds = ds();
      String hash = ds.getMetadata().getName() + "-";
      int desired = 0;
      int misscheduled = 0;
      Map<String, List<Pod>> byNode = new LinkedHashMap<>();
      for (Pod pod : cluster.pods.values()) {
        byNode.computeIfAbsent(DaemonPods.targetNodeName(pod).orElse("?"), k -> new ArrayList<>()).add(pod);
      }
      // Upstream quirk, mirrored: a pod that can no longer be scheduled on a node that turned
      // NoSchedule-tainted (misscheduled) stays and counts as unavailable, stalling the rollout.
      boolean stalled = cluster.nodes.values().stream().anyMatch(node -> {
        NodeDecision d = DaemonSetPlanner.shouldRun(node, ds);
        return !d.shouldRun() && d.shouldContinueRunning() && byNode.getOrDefault(node.getMetadata().getName(),
            List.of()).stream().anyMatch(p -> !DaemonPods.isReady(p));
      });
      for (Node node : cluster.nodes.values()) {
        String name = node.getMetadata().getName();
        NodeDecision decision = DaemonSetPlanner.shouldRun(node, ds);
        List<Pod> pods = byNode.getOrDefault(name, List.of());
        if (decision.shouldRun()) {
          desired++;
          assertThat(pods).as("pods on eligible node %s (%s)", name, where()).hasSize(1);
          Pod pod = pods.get(0);
          assertThat(DaemonPods.isReady(pod)).as("ready on %s (%s)", name, where()).isTrue();
          assertThat(pod.getSpec().getNodeName()).isEqualTo(name);
          if (strategy != Strategy.ON_DELETE && !stalled) {
            assertThat(pod.getMetadata().getLabels().get("pod-template-generation"))
                .as("revision on %s (%s)\n%s", name, where(), dump())
                .isEqualTo(ds.getMetadata().getAnnotations().get(DaemonPods.TEMPLATE_GENERATION_ANNOTATION));
          }
        } else if (!decision.shouldContinueRunning()) {
          assertThat(pods).as("pods on ineligible node %s (%s)", name, where()).isEmpty();
        } else {
          // With surge, a surge pod created just before a NoSchedule taint stays Pending next to the
          // old pod, exactly as upstream (whose surge branch then waits for it).
          assertThat(pods.size()).as("pods on misscheduled node %s (%s)", name, where())
              .isLessThanOrEqualTo(strategy == Strategy.SURGE_1 ? 2 : 1);
          if (!pods.isEmpty()) {
            misscheduled++;
          }
        }
      }
      for (String node : byNode.keySet()) {
        assertThat(cluster.nodes).as("pods on vanished node %s (%s)", node, where()).containsKey(node);
      }
      var status = ds.getStatus();
      assertThat(status.getObservedGeneration()).as("observedGeneration (%s)", where())
          .isEqualTo(ds.getMetadata().getGeneration());
      assertThat(status.getDesiredNumberScheduled()).as("desired (%s)", where()).isEqualTo(desired);
      assertThat(status.getCurrentNumberScheduled()).as("current (%s)", where()).isEqualTo(desired);
      assertThat(status.getNumberReady()).as("ready (%s)", where()).isEqualTo(desired);
      assertThat(status.getNumberMisscheduled()).as("misscheduled (%s)", where()).isEqualTo(misscheduled);
      assertThat(orZero(status.getNumberAvailable())).as("available (%s)", where()).isEqualTo(desired);
      if (strategy != Strategy.ON_DELETE && !stalled) {
        assertThat(orZero(status.getUpdatedNumberScheduled())).as("updated (%s)", where()).isEqualTo(desired);
      }
      assertThat(cluster.revisions.keySet()).as("revisions (%s)", where()).allMatch(n -> n.startsWith(hash));
    }
  }

  private static boolean isTerminal(Pod pod) {
    String phase = DaemonPods.phase(pod);
    return "Failed".equals(phase) || "Succeeded".equals(phase);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private World newWorld(long seed, Strategy strategy, int nodes) {
    World world = new World(seed, strategy);
    System.out.println("DaemonSetSimulationTest seed=" + seed + " strategy=" + strategy);
    DaemonSet ds = Fixtures.daemonSet();
    ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("role", "worker"));
    ds = switch (strategy) {
      case MAX_UNAVAILABLE_1 -> ds;
      case MAX_UNAVAILABLE_25_PERCENT -> Fixtures.withRolling(ds, new IntOrString("25%"), new IntOrString(0));
      case SURGE_1 -> Fixtures.withRolling(ds, new IntOrString(0), new IntOrString(1));
      case ON_DELETE -> Fixtures.onDelete(ds);
    };
    world.cluster.putDaemonSet(ds);
    for (int i = 0; i < nodes; i++) {
      world.addNode();
    }
    return world;
  }

  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("seeds")
  void convergesAfterRandomChurnWithInvariantsAtEveryStep(long seed, Strategy strategy) {
    World world = newWorld(seed, strategy, 5);
    for (world.step = 0; world.step < 1500; world.step++) {
      world.chaosStep();
      world.assertAtMostOnePodPerNode();
    }
    world.converge();
    world.assertConverged();
  }

  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("seeds")
  void rollingUpdateNeverExceedsItsUnavailabilityBudget(long seed, Strategy strategy) {
    World world = newWorld(seed, strategy, 8);
    world.converge();
    world.assertConverged();
    int desired = world.ds().getStatus().getDesiredNumberScheduled();
    int[] budgets = DaemonSetPlanner.budgets(world.ds(), desired);
    int maxUnavailable = strategy == Strategy.ON_DELETE ? desired : budgets[1];
    world.updateTemplate();
    Duration elapsed = Duration.ZERO;
    for (world.step = 0; world.step < 5000; world.step++) {
      int roll = world.random.nextInt(3);
      if (roll == 0) {
        world.cluster.deliverOne();
      } else if (roll == 1) {
        world.reconcile();
      } else {
        List<Pod> pods = new ArrayList<>(world.cluster.pods.values());
        if (!pods.isEmpty()) {
          world.advance(pods.get(world.random.nextInt(pods.size())), false);
        }
      }
      world.clock.now = world.clock.now.plusSeconds(1);
      elapsed = elapsed.plusSeconds(1);
      world.assertAtMostOnePodPerNode();
      long withoutAvailablePod = world.cluster.nodes.values().stream()
          .filter(n -> DaemonSetPlanner.shouldRun(n, world.ds()).shouldRun())
          .filter(n -> world.cluster.pods.values().stream().noneMatch(p -> !DaemonPods.isTerminating(p)
              && DaemonPods.isReady(p) && n.getMetadata().getName().equals(p.getSpec().getNodeName())))
          .count();
      assertThat(withoutAvailablePod).as("nodes without an available pod (%s)", world.where())
          .isLessThanOrEqualTo(maxUnavailable);
    }
    world.converge();
    world.assertConverged();
    if (strategy == Strategy.ON_DELETE) {
      assertThat(world.ds().getStatus().getUpdatedNumberScheduled()).as("OnDelete leaves pods alone").isNull();
    }
  }
}
