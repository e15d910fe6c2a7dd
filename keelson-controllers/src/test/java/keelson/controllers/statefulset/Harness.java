package keelson.controllers.statefulset;

import static keelson.controllers.statefulset.StatefulSets.NS;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A controller over an {@link InMemoryCluster}, a hand-moved clock and a fake kubelet. */
final class Harness {
  final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  final InMemoryCluster cluster = new InMemoryCluster(clock);
  final List<String> queued = new ArrayList<>();
  final List<Duration> requeues = new ArrayList<>();
  final StatefulSetController controller;

  Harness() {
    controller = new StatefulSetController(cluster, cluster, clock, () -> true, (key, delay) -> requeues.add(delay));
    cluster.watch(controller.handlers(queued::add));
  }

  /** Runs one reconcile of {@code default/web}; failures propagate. */
  void sync() throws Exception {
    var before = cluster.snapshot();
    try {
      controller.reconcile(NS + "/web");
    } finally {
      cluster.assertUnchangedSince(before);
    }
  }

  /** Runs one reconcile, returning its failure instead of throwing. */
  Exception syncCatching() {
    try {
      sync();
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  StatefulSet set() {
    return cluster.set(NS, "web");
  }

  /** Returns the pods' names in ordinal order. */
  List<String> podNames() {
    return pods().stream().map(p -> p.getMetadata().getName()).toList();
  }

  List<Pod> pods() {
    return cluster.allPods().stream().sorted(Comparator.comparingInt((Pod p) -> StatefulPods.ordinal(p))).toList();
  }

  Pod pod(String name) {
    return cluster.pod(NS, name).orElseThrow(() -> new AssertionError("no pod " + name));
  }

  /** Moves a pod one phase along: gone if terminating, Pending → Running → Ready. Returns whether anything changed. */
  boolean advance(Pod pod) {
    if (StatefulPods.isTerminating(pod)) {
      cluster.finalizeDeletion(pod);
      return true;
    }
    if (StatefulPods.isPending(pod)) {
      running(pod.getMetadata().getName(), false);
      return true;
    }
    if ("Running".equals(pod.getStatus().getPhase()) && !StatefulPods.isRunningAndReady(pod)) {
      running(pod.getMetadata().getName(), true);
      return true;
    }
    return false;
  }

  void running(String name, boolean ready) {
    cluster.kubeletUpdate(pod(name), p -> {
      p.getStatus().setPhase("Running");
      p.getStatus().setConditions(List.of(StatefulSets.ready(ready, clock.instant())));
      return p;
    });
  }

  void phase(String name, String phase) {
    cluster.kubeletUpdate(pod(name), p -> {
      p.getStatus().setPhase(phase);
      p.getStatus().setConditions(List.of(StatefulSets.ready(false, clock.instant())));
      return p;
    });
  }

  /** Syncs and lets the kubelet bring every pod along until nothing changes (at most {@code rounds}). */
  void settle(int rounds) throws Exception {
    for (int i = 0; i < rounds; i++) {
      sync();
      boolean changed = false;
      for (Pod pod : pods()) {
        changed |= advance(pod);
      }
      clock.advance(Duration.ofSeconds(1));
      if (!changed && i > 0) {
        sync();
        return;
      }
    }
  }
}
