package keelson.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import keelson.controllers.daemonset.DaemonPods;
import keelson.controllers.daemonset.Selectors;
import keelson.controllers.replicaset.ReplicaSetPlanner.ReplicaSetCounts;
import keelson.controllers.replicaset.ReplicaSetPlanner.ReplicaSetPlan;
import keelson.controllers.runtime.Expectations;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.OwnerReferences;
import keelson.controllers.runtime.SlowStart;

/**
 * Reconciles one ReplicaSet (syncReplicaSet): claims pods, acts when earlier actions were all
 * observed, creates in slow-start batches ({@link SlowStart}, each batch concurrently) and deletes
 * by the upstream ranking, writes status.
 */
public final class ReplicaSetSync {
  private final ReplicaSetCache cache;
  private final ReplicaSetActions actions;
  private final Expectations expectations;
  private final Clock clock;
  private final SlowStart slowStart = new SlowStart(ReplicaSetPlanner.BURST_REPLICAS);

  public ReplicaSetSync(ReplicaSetCache cache, ReplicaSetActions actions, Expectations expectations, Clock clock) {
    this.cache = cache;
    this.actions = actions;
    this.expectations = expectations;
    this.clock = clock;
  }

  /** Returns the pod the controller POSTs: the template, generateName {@code <rs>-}, the set as controller. */
  public static Pod newPod(ReplicaSet rs) {
    PodTemplateSpec template = DaemonPods.copy(rs.getSpec().getTemplate());
    ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    ObjectMeta meta = new ObjectMeta();
    meta.setGenerateName(rs.getMetadata().getName() + "-");
    meta.setNamespace(rs.getMetadata().getNamespace());
    meta.setLabels(templateMeta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(templateMeta.getLabels()));
    if (templateMeta.getAnnotations() != null && !templateMeta.getAnnotations().isEmpty()) {
      meta.setAnnotations(new LinkedHashMap<>(templateMeta.getAnnotations()));
    }
    if (templateMeta.getFinalizers() != null && !templateMeta.getFinalizers().isEmpty()) {
      meta.setFinalizers(new ArrayList<>(templateMeta.getFinalizers()));
    }
    meta.setOwnerReferences(new ArrayList<>(List.of(OwnerReferences.controllerReference(rs))));
    Pod pod = new Pod();
    pod.setApiVersion("v1");
    pod.setKind("Pod");
    pod.setMetadata(meta);
    pod.setSpec(template.getSpec() == null ? new PodSpec() : template.getSpec());
    return pod;
  }

  /**
   * Reconciles the ReplicaSet with this key.
   *
   * @return a delay after which to look again (minReadySeconds), if any
   */
  public Optional<Duration> reconcile(String key) {
    Optional<ReplicaSet> found = cache.replicaSet(Keys.namespace(key), Keys.name(key));
    if (found.isEmpty()) {
      expectations.forget(key);
      slowStart.forget(key);
      return Optional.empty();
    }
    ReplicaSet rs = found.get();
    boolean needsSync = expectations.satisfied(key);
    List<Pod> pods = claimPods(rs);
    Instant now = clock.instant();
    ReplicaSetPlan plan = ReplicaSetPlanner.plan(rs, pods, relatedPods(rs), now);
    RuntimeException failure = null;
    if (needsSync && rs.getMetadata().getDeletionTimestamp() == null) {
      try {
        execute(key, rs, plan);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    ReplicaSetStatus status = status(rs, pods.size(), plan.counts(), failure, now);
    ReplicaSetStatus current = rs.getStatus();
    if (current == null || !status.equals(current)) {
      actions.updateStatus(rs, status);
    }
    if (failure != null) {
      throw failure;
    }
    int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
    if (minReady > 0 && plan.counts().ready() == replicas && plan.counts().available() != replicas) {
      return Optional.of(Duration.ofSeconds(minReady));
    }
    return Optional.empty();
  }

  private void execute(String key, ReplicaSet rs, ReplicaSetPlan plan) {
    if (plan.creates() > 0) {
      expectations.expect(key, plan.creates(), 0);
      String fingerprint = rs.getMetadata().getUid() + "/" + Objects.hashCode(rs.getSpec().getTemplate());
      AtomicInteger created = new AtomicInteger();
      List<RuntimeException> errors = Collections.synchronizedList(new ArrayList<>());
      int largest = 0;
      for (int batch : slowStart.batches(key, fingerprint, plan.creates())) {
        largest = Math.max(largest, batch);
        // The pods of one batch are created concurrently, as upstream's slowStartBatch does.
        runConcurrently(batch, () -> {
          try {
            Pod pod = actions.createPod(newPod(rs));
            actions.event(rs, "Normal", "SuccessfulCreate", "Created pod: " + pod.getMetadata().getName());
            created.incrementAndGet();
          } catch (RuntimeException e) {
            actions.event(rs, "Warning", "FailedCreate", "Error creating: " + e.getMessage());
            errors.add(e);
          }
        });
        if (!errors.isEmpty()) {
          break;
        }
      }
      slowStart.record(key, fingerprint, largest, !errors.isEmpty());
      for (int i = created.get(); i < plan.creates(); i++) {
        expectations.creationObserved(key); // failed or never attempted
      }
      if (!errors.isEmpty()) {
        throw errors.get(0);
      }
    } else if (!plan.deletes().isEmpty()) {
      expectations.expect(key, 0, plan.deletes().size());
      RuntimeException error = null;
      for (Pod pod : plan.deletes()) {
        try {
          if (actions.deletePod(pod)) {
            actions.event(rs, "Normal", "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
          } else {
            expectations.deletionObserved(key);
          }
        } catch (RuntimeException e) {
          expectations.deletionObserved(key);
          actions.event(rs, "Warning", "FailedDelete", "Error deleting: " + e.getMessage());
          error = e;
        }
      }
      if (error != null) {
        throw error;
      }
    }
  }

  private static void runConcurrently(int count, Runnable task) {
    if (count == 1) {
      task.run();
      return;
    }
    Semaphore inFlight = new Semaphore(128); // a batch may hold up to 500 pods; bound the requests
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        executor.submit(() -> {
          inFlight.acquireUninterruptibly();
          try {
            task.run();
          } finally {
            inFlight.release();
          }
        });
      }
    } // close() waits for every task
  }

  private static ReplicaSetStatus status(ReplicaSet rs, int active, ReplicaSetCounts counts, RuntimeException failure,
      Instant now) {
    ReplicaSetStatus status = rs.getStatus() == null ? new ReplicaSetStatus() : DaemonPods.copy(rs.getStatus());
    List<ReplicaSetCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
    boolean hasFailure = conditions.stream().anyMatch(c -> "ReplicaFailure".equals(c.getType()));
    int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    if (failure != null && !hasFailure) {
      String reason = active < replicas ? "FailedCreate" : active > replicas ? "FailedDelete" : "";
      ReplicaSetCondition condition = new ReplicaSetCondition();
      condition.setType("ReplicaFailure");
      condition.setStatus("True");
      condition.setReason(reason);
      condition.setMessage(failure.getMessage());
      condition.setLastTransitionTime(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      conditions.add(condition);
    } else if (failure == null && hasFailure) {
      conditions.removeIf(c -> "ReplicaFailure".equals(c.getType()));
    }
    status.setConditions(conditions);
    status.setReplicas(counts.replicas());
    status.setFullyLabeledReplicas(omitZero(counts.fullyLabeled()));
    status.setReadyReplicas(omitZero(counts.ready()));
    status.setAvailableReplicas(omitZero(counts.available()));
    status.setObservedGeneration(rs.getMetadata().getGeneration());
    return status;
  }

  private static Integer omitZero(int value) {
    return value == 0 ? null : value;
  }

  /** Returns the active pods this set controls after adopting matching orphans and releasing others. */
  private List<Pod> claimPods(ReplicaSet rs) {
    List<Pod> owned = new ArrayList<>();
    Boolean canAdopt = null;
    for (Pod pod : cache.pods(rs.getMetadata().getNamespace())) {
      if (!ReplicaSetPlanner.isActive(pod)) {
        continue;
      }
      boolean selected = Selectors.matches(rs.getSpec().getSelector(), pod.getMetadata().getLabels());
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
      if (ref.isPresent()) {
        if (!ref.get().getUid().equals(rs.getMetadata().getUid())) {
          continue;
        }
        if (selected) {
          owned.add(pod);
        } else if (rs.getMetadata().getDeletionTimestamp() == null) {
          actions.releasePod(rs, pod);
        }
        continue;
      }
      if (!selected || rs.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (canAdopt == null) {
        Optional<ReplicaSet> fresh = actions.readReplicaSet(rs.getMetadata().getNamespace(), rs.getMetadata().getName());
        canAdopt = fresh.isPresent() && Objects.equals(fresh.get().getMetadata().getUid(), rs.getMetadata().getUid())
            && fresh.get().getMetadata().getDeletionTimestamp() == null;
      }
      if (!canAdopt) {
        continue;
      }
      actions.adoptPod(rs, pod);
      Pod adopted = DaemonPods.copy(pod);
      List<OwnerReference> refs = new ArrayList<>(adopted.getMetadata().getOwnerReferences() == null
          ? List.of() : adopted.getMetadata().getOwnerReferences());
      refs.add(OwnerReferences.controllerReference(rs));
      adopted.getMetadata().setOwnerReferences(refs);
      owned.add(adopted);
    }
    return owned;
  }

  /** Returns the pods of every ReplicaSet controlled by the same owner as {@code rs} (or of rs alone). */
  private List<Pod> relatedPods(ReplicaSet rs) {
    Optional<OwnerReference> owner = OwnerReferences.controllerOf(rs);
    Map<String, Boolean> siblings = new LinkedHashMap<>();
    siblings.put(rs.getMetadata().getUid(), true);
    if (owner.isPresent()) {
      for (ReplicaSet other : cache.replicaSets(rs.getMetadata().getNamespace())) {
        OwnerReferences.controllerOf(other).filter(r -> r.getUid().equals(owner.get().getUid()))
            .ifPresent(r -> siblings.put(other.getMetadata().getUid(), true));
      }
    }
    List<Pod> related = new ArrayList<>();
    for (Pod pod : cache.pods(rs.getMetadata().getNamespace())) {
      OwnerReferences.controllerOf(pod).filter(r -> siblings.containsKey(r.getUid())).ifPresent(r -> related.add(pod));
    }
    return related;
  }
}
