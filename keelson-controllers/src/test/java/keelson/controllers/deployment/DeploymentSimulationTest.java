package keelson.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import keelson.controllers.daemonset.DaemonPods;
import keelson.controllers.replicaset.ReplicaSetPlanner;
import keelson.controllers.replicaset.ReplicaSetSync;
import keelson.controllers.runtime.OwnerReferences;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives {@link DeploymentSync} against a fake API server whose informer cache lags by a queue of
 * watch events (ReplicaSets and pods; the deployment itself is seen at once), with a fake ReplicaSet controller and kubelet advancing one seeded-random step at
 * a time (a pod turning ready updates its ReplicaSet's status in the same step), and random template changes (a small pool of images, so rollbacks happen) and scalings.
 * After every step: once a RollingUpdate has settled at its current size, available pods never
 * drop below replicas - maxUnavailable and live pods never exceed replicas + maxSurge; a Recreate
 * deployment never runs pods of two templates at once. A quiet phase must then converge. Re-run
 * one seed with {@code -Dsim.seed=<n>}.
 */
class DeploymentSimulationTest {
  private static final String NS = "default";
  private static final List<String> IMAGES = List.of("nginx:1.25", "nginx:1.26", "nginx:1.27");

  enum Strategy { SURGE_25_UNAVAILABLE_25, SURGE_1_UNAVAILABLE_0, SURGE_0_UNAVAILABLE_1, RECREATE }

  static Stream<Arguments> seeds() {
    String fixed = System.getProperty("sim.seed");
    LongStream seeds = fixed != null ? LongStream.of(Long.parseLong(fixed)) : LongStream.rangeClosed(1, 5);
    String strategy = System.getProperty("sim.strategy");
    return seeds.boxed().flatMap(seed -> Stream.of(Strategy.values())
        .filter(s -> strategy == null || s.name().equals(strategy)).map(s -> Arguments.of(seed, s)));
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");

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

  /** The fake API server: authoritative objects, a lagging cache, optimistic concurrency. */
  private static final class Cluster implements DeploymentActions, DeploymentCache {
    final MutableClock clock;
    Deployment deployment;
    final Map<String, ReplicaSet> sets = new LinkedHashMap<>();
    final Map<String, Pod> pods = new LinkedHashMap<>();
    Deployment cachedDeployment;
    final Map<String, ReplicaSet> cachedSets = new LinkedHashMap<>();
    final Map<String, Pod> cachedPods = new LinkedHashMap<>();
    final Deque<HasMetadata[]> pending = new ArrayDeque<>(); // {object or null, tombstone}
    final List<String> events = new ArrayList<>();
    long resourceVersion;
    long uids;
    long podNames;

    Cluster(MutableClock clock) {
      this.clock = clock;
    }

    <T extends HasMetadata> T stamp(T object) {
      object.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
      if (object.getMetadata().getUid() == null) {
        object.getMetadata().setUid("uid-" + (++uids));
        object.getMetadata().setCreationTimestamp(clock.now.toString());
      }
      if (object instanceof Deployment d) {
        // The deployment's own cache does not lag: a controller acting on an older spec than the
        // one the bounds are checked against could not keep them (upstream could not either).
        cachedDeployment = DaemonPods.copy(d);
      } else {
        pending.add(new HasMetadata[] {DaemonPods.copy(object), null});
      }
      return object;
    }

    void removed(HasMetadata object) {
      pending.add(new HasMetadata[] {null, DaemonPods.copy(object)});
    }

    void deliverOne() {
      HasMetadata[] event = pending.poll();
      if (event == null) {
        return;
      }
      if (event[0] != null) {
        switch (event[0]) {
          case Deployment d -> cachedDeployment = d;
          case ReplicaSet rs -> cachedSets.put(rs.getMetadata().getName(), rs);
          case Pod p -> cachedPods.put(p.getMetadata().getName(), p);
          default -> throw new IllegalStateException();
        }
      } else {
        switch (event[1]) {
          case ReplicaSet rs -> cachedSets.remove(rs.getMetadata().getName());
          case Pod p -> cachedPods.remove(p.getMetadata().getName());
          default -> throw new IllegalStateException();
        }
      }
    }

    // ---- DeploymentCache ----
    @Override
    public Optional<Deployment> deployment(String namespace, String name) {
      return Optional.ofNullable(cachedDeployment);
    }

    @Override
    public List<ReplicaSet> replicaSets(String namespace) {
      return List.copyOf(cachedSets.values());
    }

    @Override
    public List<Pod> pods(String namespace) {
      return List.copyOf(cachedPods.values());
    }

    // ---- DeploymentActions ----
    @Override
    public ReplicaSet createReplicaSet(ReplicaSet rs) {
      if (sets.containsKey(rs.getMetadata().getName())) {
        throw new Conflict("already exists");
      }
      ReplicaSet stored = DaemonPods.copy(rs);
      stored.getMetadata().setGeneration(1L);
      stored.setStatus(new ReplicaSetStatus());
      sets.put(rs.getMetadata().getName(), stamp(stored));
      return DaemonPods.copy(stored);
    }

    @Override
    public ReplicaSet updateReplicaSet(ReplicaSet rs) {
      ReplicaSet current = sets.get(rs.getMetadata().getName());
      if (current == null || !current.getMetadata().getResourceVersion().equals(rs.getMetadata().getResourceVersion())) {
        throw new Conflict("the object has been modified");
      }
      ReplicaSet stored = DaemonPods.copy(rs);
      stored.setStatus(current.getStatus());
      long generation = current.getMetadata().getGeneration();
      stored.getMetadata().setGeneration(Objects.equals(stored.getSpec(), current.getSpec()) ? generation : generation + 1);
      sets.put(rs.getMetadata().getName(), stamp(stored));
      return DaemonPods.copy(stored);
    }

    @Override
    public void deleteReplicaSet(ReplicaSet rs) {
      ReplicaSet gone = sets.remove(rs.getMetadata().getName());
      if (gone != null) {
        removed(gone);
        // the garbage collector: its pods go too
        for (Pod pod : pods.values()) {
          if (OwnerReferences.isControlledBy(pod, gone) && pod.getMetadata().getDeletionTimestamp() == null) {
            pod.getMetadata().setDeletionTimestamp(clock.now.toString());
            stamp(pod);
          }
        }
      }
    }

    @Override
    public Optional<ReplicaSet> readReplicaSet(String namespace, String name) {
      return Optional.ofNullable(sets.get(name)).map(DaemonPods::copy);
    }

    @Override
    public void adoptReplicaSet(Deployment d, ReplicaSet rs) {
      throw new AssertionError("no orphans in this simulation");
    }

    @Override
    public void releaseReplicaSet(Deployment d, ReplicaSet rs) {
      throw new AssertionError("no foreign sets in this simulation");
    }

    @Override
    public Optional<Deployment> readDeployment(String namespace, String name) {
      return Optional.of(DaemonPods.copy(deployment));
    }

    @Override
    public Deployment annotateRevision(Deployment d, String revision) {
      deployment.getMetadata().getAnnotations().put(DeploymentRevisions.REVISION, revision);
      stamp(deployment);
      return DaemonPods.copy(deployment);
    }

    @Override
    public void updateStatus(Deployment d, DeploymentStatus status) {
      if (!deployment.getMetadata().getResourceVersion().equals(d.getMetadata().getResourceVersion())) {
        throw new Conflict("the object has been modified");
      }
      deployment.setStatus(DaemonPods.copy(status));
      stamp(deployment);
    }

    @Override
    public void event(Deployment d, String type, String reason, String message) {
      if (System.getProperty("sim.trace") != null) {
        System.out.println(clock.now + " " + reason + " " + message + " [d gen " + deployment.getMetadata().getGeneration()
            + " replicas " + deployment.getSpec().getReplicas() + " image "
            + deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage() + "]");
      }
      events.add(reason + " " + message);
    }

    // ---- the fake ReplicaSet controller and kubelet (they see the authoritative objects) ----

    void syncReplicaSet(ReplicaSet rs) {
      List<Pod> owned = pods.values().stream().filter(p -> OwnerReferences.isControlledBy(p, rs))
          .filter(ReplicaSetPlanner::isActive).toList();
      ReplicaSetPlanner.ReplicaSetPlan plan = ReplicaSetPlanner.plan(rs, owned, owned, clock.now);
      for (int i = 0; i < plan.creates(); i++) {
        Pod pod = ReplicaSetSync.newPod(rs);
        pod.getMetadata().setName(rs.getMetadata().getName() + "-" + (++podNames));
        pod.setStatus(new PodStatus());
        pod.getStatus().setPhase("Pending");
        pods.put(pod.getMetadata().getName(), stamp(pod));
      }
      for (Pod victim : plan.deletes()) {
        Pod pod = pods.get(victim.getMetadata().getName());
        pod.getMetadata().setDeletionTimestamp(clock.now.toString());
        stamp(pod);
      }
      List<Pod> active = pods.values().stream().filter(p -> OwnerReferences.isControlledBy(p, rs))
          .filter(ReplicaSetPlanner::isActive).toList();
      ReplicaSetStatus status = new ReplicaSetStatus();
      status.setReplicas(active.size());
      int ready = (int) active.stream().filter(DaemonPods::isReady).count();
      status.setReadyReplicas(ready);
      status.setAvailableReplicas(ready);
      status.setObservedGeneration(rs.getMetadata().getGeneration());
      if (!status.equals(rs.getStatus())) {
        rs.setStatus(status);
        stamp(rs);
      }
    }

    void kubeletStep(Pod pod) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        pods.remove(pod.getMetadata().getName());
        removed(pod);
      } else if ("Pending".equals(pod.getStatus().getPhase())) {
        pod.getStatus().setPhase("Running");
        stamp(pod);
      } else if (!DaemonPods.isReady(pod)) {
        pod.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True")
            .withLastTransitionTime(clock.now.toString()).build()));
        stamp(pod);
        // The ReplicaSet controller reacts to the pod at once: the deployment judges availability by
        // ReplicaSet status (as upstream), and a decision on an older status then meets a conflict.
        sets.values().stream().filter(rs -> OwnerReferences.isControlledBy(pod, rs)).findFirst()
            .ifPresent(this::syncReplicaSet);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}, {1}")
  @MethodSource("seeds")
  void rolloutsKeepTheirBounds(long seed, Strategy strategy) {
    System.out.println("DeploymentSimulationTest seed=" + seed + " strategy=" + strategy
        + " (re-run with -Dsim.seed=" + seed + ")");
    Random random = new Random(seed);
    MutableClock clock = new MutableClock();
    Cluster cluster = new Cluster(clock);
    DeploymentSync sync = new DeploymentSync(cluster, cluster, clock);
    cluster.deployment = deployment(strategy, 1 + random.nextInt(6));
    cluster.stamp(cluster.deployment);
    boolean settled = false;
    int lastReplicas = -1;
    int rollouts = 0;
    for (int step = 0; step < 3000; step++) {
      clock.now = clock.now.plusMillis(200);
      int roll = random.nextInt(100);
      try {
        if (roll < 35) {
          cluster.deliverOne();
        } else if (roll < 55) {
          syncDeployment(sync);
        } else if (roll < 75) {
          List<ReplicaSet> all = List.copyOf(cluster.sets.values());
          if (!all.isEmpty()) {
            cluster.syncReplicaSet(all.get(random.nextInt(all.size())));
          }
        } else if (roll < 97) {
          List<Pod> all = List.copyOf(cluster.pods.values());
          if (!all.isEmpty()) {
            cluster.kubeletStep(all.get(random.nextInt(all.size())));
          }
        } else if (roll < 99) {
          Deployment d = cluster.deployment;
          d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(IMAGES.get(random.nextInt(IMAGES.size())));
          d.getMetadata().setGeneration(d.getMetadata().getGeneration() + 1);
          cluster.stamp(d);
          trace(clock, "user: image " + d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
          rollouts++;
        } else {
          Deployment d = cluster.deployment;
          d.getSpec().setReplicas(1 + random.nextInt(8));
          d.getMetadata().setGeneration(d.getMetadata().getGeneration() + 1);
          cluster.stamp(d);
          trace(clock, "user: replicas " + d.getSpec().getReplicas());
        }
      } catch (DeploymentActions.Conflict e) {
        // retried on a later step, as the work queue would
      }
      int replicas = cluster.deployment.getSpec().getReplicas();
      if (replicas != lastReplicas) {
        settled = false;
        lastReplicas = replicas;
      }
      settled = check(cluster, strategy, settled, seed, step);
    }
    // Quiet phase: no more changes; everything must converge.
    for (int step = 0; step < 5000 && !converged(cluster); step++) {
      clock.now = clock.now.plusMillis(200);
      cluster.deliverOne();
      if (!cluster.pending.isEmpty()) {
        continue;
      }
      try {
        syncDeployment(sync);
      } catch (DeploymentActions.Conflict e) {
        continue;
      }
      List.copyOf(cluster.sets.values()).forEach(cluster::syncReplicaSet);
      List.copyOf(cluster.pods.values()).forEach(cluster::kubeletStep);
      settled = check(cluster, strategy, settled, seed, -1);
    }
    assertThat(converged(cluster)).as("seed %d %s converges; events %s", seed, strategy,
        cluster.events.subList(Math.max(0, cluster.events.size() - 10), cluster.events.size())).isTrue();
    int limit = cluster.deployment.getSpec().getRevisionHistoryLimit();
    assertThat(cluster.sets.size()).as("seed %d: history limit", seed).isLessThanOrEqualTo(limit + 1);
    System.out.println("  " + rollouts + " template changes, " + cluster.events.size() + " events, "
        + cluster.sets.size() + " replica sets kept");
  }

  private static void trace(MutableClock clock, String message) {
    if (System.getProperty("sim.trace") != null) {
      System.out.println(clock.now + " " + message);
    }
  }

  private static void syncDeployment(DeploymentSync sync) {
    sync.reconcile(NS + "/web");
  }

  private static Deployment deployment(Strategy strategy, int replicas) {
    Deployment d = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).withGeneration(1L)
        .withAnnotations(new LinkedHashMap<>()).endMetadata()
        .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(600).withRevisionHistoryLimit(2)
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("nginx").withImage(IMAGES.get(0)).endContainer().endSpec()
        .endTemplate().withNewStrategy().endStrategy().endSpec().build();
    switch (strategy) {
      case RECREATE -> d.getSpec().getStrategy().setType("Recreate");
      default -> {
        d.getSpec().getStrategy().setType("RollingUpdate");
        String[] bounds = switch (strategy) {
          case SURGE_25_UNAVAILABLE_25 -> new String[] {"25%", "25%"};
          case SURGE_1_UNAVAILABLE_0 -> new String[] {"1", "0"};
          default -> new String[] {"0", "1"};
        };
        d.getSpec().getStrategy().setRollingUpdate(new io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment(
            intOrPercent(bounds[0]), intOrPercent(bounds[1])));
      }
    }
    return d;
  }

  private static IntOrString intOrPercent(String value) {
    return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
  }

  /** Checks the invariants; returns whether the deployment has settled at its current size. */
  private static boolean check(Cluster cluster, Strategy strategy, boolean settled, long seed, int step) {
    Deployment d = cluster.deployment;
    List<Pod> live = cluster.pods.values().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    int available = (int) live.stream().filter(DaemonPods::isReady).count();
    if (strategy == Strategy.RECREATE) {
      // Pods still running (terminating ones included) all come from one of the deployment's sets
      // (a set deleted as history takes its pods along and is no longer watched, as upstream).
      java.util.Set<String> uids = cluster.sets.values().stream().map(rs -> rs.getMetadata().getUid())
          .collect(java.util.stream.Collectors.toSet());
      long templates = cluster.pods.values().stream()
          .map(p -> OwnerReferences.controllerOf(p).orElseThrow().getUid()).filter(uids::contains).distinct().count();
      if (templates > 1) {
        fail("seed " + seed + " step " + step + ": Recreate runs pods of " + templates + " ReplicaSets");
      }
      return settled;
    }
    int replicas = d.getSpec().getReplicas();
    int minAvailable = replicas - DeploymentPlanner.maxUnavailable(d);
    int maxPods = replicas + DeploymentPlanner.maxSurge(d);
    boolean scalingProcessed = cluster.sets.values().stream().filter(rs -> DeploymentPlanner.specReplicas(rs) > 0)
        .allMatch(rs -> String.valueOf(replicas).equals(rs.getMetadata().getAnnotations()
            .get(DeploymentRevisions.DESIRED_REPLICAS)));
    if (System.getProperty("sim.trace") != null) {
      System.out.println("  check step " + step + " settled=" + settled + " avail=" + available + " live=" + live.size()
          + " sets=" + cluster.sets.values().stream().map(rs -> rs.getSpec().getReplicas() + "/"
          + rs.getMetadata().getAnnotations().get(DeploymentRevisions.DESIRED_REPLICAS)).toList());
    }
    // Proportional scaling moves both bounds at once; they hold again once every set's pods are
    // within its new size, and from then on every rolling step must keep them.
    boolean setsCaughtUp = cluster.sets.values().stream().allMatch(rs -> live.stream()
        .filter(p -> OwnerReferences.isControlledBy(p, rs)).count() <= DeploymentPlanner.specReplicas(rs));
    if (!settled) {
      return scalingProcessed && setsCaughtUp && available >= minAvailable && live.size() <= maxPods;
    }
    if (available < minAvailable || live.size() > maxPods) {
      fail("seed " + seed + " step " + step + ": " + available + " available (at least " + minAvailable + "), "
          + live.size() + " live pods (at most " + maxPods + "); sets " + cluster.sets.values().stream()
          .map(rs -> rs.getMetadata().getName() + "=" + rs.getSpec().getReplicas() + "/" + rs.getStatus()).toList());
    }
    return true;
  }

  private static boolean converged(Cluster cluster) {
    Deployment d = cluster.deployment;
    DeploymentStatus s = d.getStatus();
    if (s == null || !cluster.pending.isEmpty()) {
      return false;
    }
    int replicas = d.getSpec().getReplicas();
    String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    boolean podsRight = cluster.pods.size() == replicas && cluster.pods.values().stream().allMatch(p ->
        DaemonPods.isReady(p) && image.equals(p.getSpec().getContainers().get(0).getImage()));
    return podsRight && Objects.equals(s.getObservedGeneration(), d.getMetadata().getGeneration())
        && DeploymentStatuses.isComplete(d, s) && DeploymentStatuses.get(s, "Progressing")
        .map(c -> DeploymentStatuses.NEW_RS_AVAILABLE.equals(c.getReason())).orElse(false);
  }
}
