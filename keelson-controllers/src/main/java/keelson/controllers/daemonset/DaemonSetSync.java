package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;
import keelson.controllers.daemonset.PodAction.CreatePod;
import keelson.controllers.daemonset.PodAction.DeletePod;
import keelson.controllers.daemonset.PodAction.DeleteReason;
import keelson.controllers.runtime.Expectations;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.OwnerReferences;
import keelson.controllers.runtime.SlowStart;

/**
 * Reconciles one DaemonSet (syncDaemonSet): claims pods and revisions, settles the current
 * revision, asks {@link DaemonSetPlanner} for a plan when the previous actions have all been
 * observed, performs it in slow-start batches ({@link SlowStart}: the ramp continues across syncs
 * while creations succeed), prunes history and writes status. Shared by the
 * informer-driven controller and the simulation tests.
 */
public final class DaemonSetSync {
  /** The most creations in flight at once (a sync never has more than the planner's burst). */
  static final int MAX_BATCH = DaemonSetPlanner.BURST_REPLICAS;
  /** The most API requests of one batch in flight at once. */
  static final int MAX_IN_FLIGHT = 128;

  private final DaemonSetCache cache;
  private final DaemonSetActions actions;
  private final Expectations expectations;
  private final FailedPodBackoff backoff;
  private final Clock clock;
  private final boolean parallel;
  private final SlowStart slowStart = new SlowStart(MAX_BATCH);
  private final NodeOrder nodeOrder = new NodeOrder();

  /**
   * @param parallel whether the pods of one slow-start batch are created concurrently (false gives
   *     a deterministic order for simulations)
   */
  public DaemonSetSync(DaemonSetCache cache, DaemonSetActions actions, Expectations expectations,
      FailedPodBackoff backoff, Clock clock, boolean parallel) {
    this.cache = cache;
    this.actions = actions;
    this.expectations = expectations;
    this.backoff = backoff;
    this.clock = clock;
    this.parallel = parallel;
  }

  /** Returns upstream's slow-start batch sizes for {@code n} creations: 1, 2, 4, … summing to n. */
  public static List<Integer> slowStartBatches(int n) {
    return SlowStart.coldBatches(n);
  }

  /**
   * Reconciles the DaemonSet with this key.
   *
   * @return a delay after which the key should be looked at again even without events
   * @throws RuntimeException when an API call failed; the caller retries with back-off
   */
  public Optional<Duration> reconcile(String key) {
    return reconcile(key, walked -> { });
  }

  /**
   * As {@link #reconcile(String)}, reporting to {@code walked} how many objects the sync planned over
   * (nodes and claimed pods).
   */
  public Optional<Duration> reconcile(String key, IntConsumer walked) {
    Optional<DaemonSet> found = cache.daemonSet(Keys.namespace(key), Keys.name(key));
    if (found.isEmpty()) {
      expectations.forget(key);
      slowStart.forget(key);
      return Optional.empty();
    }
    DaemonSet ds = found.get();
    if (Selectors.isEmpty(ds.getSpec().getSelector())) {
      actions.event(ds, "Warning", "SelectingAll",
          "This daemon set is selecting all pods. A non-empty selector is required.");
      return Optional.empty();
    }
    if (ds.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    // Expectations first, the cache after, as upstream: the informer stores a pod before its
    // handler counts the creation, so once they are met the pods read below include every pod this
    // controller created. Read the other way round, a sync could plan from pods read before its
    // last creations showed up, find them counted by the time it checked, and create them again.
    boolean satisfied = expectations.satisfied(key);
    List<Node> nodes = nodeOrder.sorted(cache.nodes());
    AdoptionCheck adoption = new AdoptionCheck(ds);
    List<Pod> pods = claimPods(ds, adoption);
    List<ControllerRevision> old = new ArrayList<>();
    String hash = currentRevision(ds, adoption, old);
    Instant now = clock.instant();
    DaemonSetObservation observation = new DaemonSetObservation(ds, nodes, pods, hash,
        backoff.inBackoff(ds.getMetadata().getUid(), now));
    DaemonSetPlan plan = DaemonSetPlanner.plan(observation, now);
    walked.accept(nodes.size() + pods.size());
    if (!satisfied) {
      // Only status; observedGeneration stays, since this generation was not acted on.
      writeStatus(ds, plan.counts(), false);
      return plan.requeueAfter();
    }
    RuntimeException failure = null;
    try {
      execute(key, ds, plan, hash, now);
    } catch (RuntimeException e) {
      failure = e;
    }
    if (failure == null && !old.isEmpty()) {
      int limit = ds.getSpec().getRevisionHistoryLimit() == null ? 10 : ds.getSpec().getRevisionHistoryLimit();
      List<Pod> live = pods.stream().filter(p -> !DaemonPods.isDeletedTerminal(p)).toList();
      for (ControllerRevision r : DaemonSetRevisions.toPrune(old, limit, live)) {
        actions.deleteRevision(r);
      }
    }
    try {
      writeStatus(ds, plan.counts(), true);
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return plan.requeueAfter();
  }

  private void execute(String key, DaemonSet ds, DaemonSetPlan plan, String hash, Instant now) {
    List<CreatePod> creates = plan.creates();
    List<DeletePod> deletes = plan.deletes();
    expectations.expect(key, creates.size(), deletes.size());
    List<RuntimeException> errors = new ArrayList<>();
    int pos = 0;
    int largest = 0;
    for (int batch : slowStart.batches(key, hash, creates.size())) {
      List<CreatePod> slice = creates.subList(pos, pos + batch);
      pos += batch;
      largest = Math.max(largest, batch);
      int before = errors.size();
      runAll(slice.stream().<Runnable>map(c -> () -> create(key, ds, c, errors)).toList());
      if (errors.size() > before) {
        // Pods never attempted are not expected; the next sync starts slow again.
        for (int i = pos; i < creates.size(); i++) {
          expectations.creationObserved(key);
        }
        break;
      }
    }
    slowStart.record(key, hash, largest, !errors.isEmpty());
    runAll(deletes.stream().<Runnable>map(d -> () -> delete(key, ds, d, now, errors)).toList());
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
  }

  private void create(String key, DaemonSet ds, CreatePod action, List<RuntimeException> errors) {
    try {
      String created = actions.createPod(action.pod());
      actions.event(ds, "Normal", "SuccessfulCreate", "Created pod: " + created);
    } catch (RuntimeException e) {
      expectations.creationObserved(key);
      actions.event(ds, "Warning", "FailedCreate", "Error creating: " + e.getMessage());
      synchronized (errors) {
        errors.add(e);
      }
    }
  }

  private void delete(String key, DaemonSet ds, DeletePod action, Instant now, List<RuntimeException> errors) {
    Pod pod = action.pod();
    if (action.reason() == DeleteReason.FAILED) {
      backoff.next(ds.getMetadata().getUid(), action.nodeName(), now);
      actions.event(ds, "Warning", "FailedDaemonPod", "Found failed daemon pod " + pod.getMetadata().getNamespace()
          + "/" + pod.getMetadata().getName() + " on node " + action.nodeName() + ", will try to kill it");
    } else if (action.reason() == DeleteReason.SUCCEEDED) {
      actions.event(ds, "Normal", "SucceededDaemonPod", "Found succeeded daemon pod "
          + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " on node " + action.nodeName()
          + ", will try to delete it");
    }
    try {
      if (actions.deletePod(pod)) {
        actions.event(ds, "Normal", "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
      } else {
        expectations.deletionObserved(key); // already gone: its deletion will not be seen again
      }
    } catch (RuntimeException e) {
      expectations.deletionObserved(key);
      actions.event(ds, "Warning", "FailedDelete", "Error deleting: " + e.getMessage());
      synchronized (errors) {
        errors.add(e);
      }
    }
  }

  private void runAll(List<Runnable> tasks) {
    if (!parallel || tasks.size() <= 1) {
      tasks.forEach(Runnable::run);
      return;
    }
    // A batch may hold hundreds of pods: bound the requests in flight, not the batch.
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = tasks.stream().<Future<?>>map(task -> executor.submit(() -> {
        inFlight.acquireUninterruptibly();
        try {
          task.run();
        } finally {
          inFlight.release();
        }
      })).toList();
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** Status as storeDaemonSetStatus writes it: nothing if nothing changed. */
  private void writeStatus(DaemonSet ds, DaemonSetCounts counts, boolean observeGeneration) {
    DaemonSetStatus current = ds.getStatus();
    Long generation = ds.getMetadata().getGeneration();
    boolean generationCurrent = current != null && Objects.equals(current.getObservedGeneration(), generation);
    if (counts.sameAs(current) && (!observeGeneration || generationCurrent)) {
      return;
    }
    DaemonSetStatus status = current == null ? new DaemonSetStatus() : DaemonPods.copy(current);
    counts.applyTo(status);
    if (observeGeneration) {
      status.setObservedGeneration(generation);
    }
    actions.updateStatus(ds, status);
  }

  /** Re-reads the set from the API once, before the first adoption (RecheckDeletionTimestamp). */
  private final class AdoptionCheck {
    private final DaemonSet ds;
    private Boolean allowed;

    AdoptionCheck(DaemonSet ds) {
      this.ds = ds;
    }

    void require() {
      if (allowed == null) {
        Optional<DaemonSet> fresh = actions.readDaemonSet(ds.getMetadata().getNamespace(), ds.getMetadata().getName());
        allowed = fresh.isPresent() && Objects.equals(fresh.get().getMetadata().getUid(), ds.getMetadata().getUid())
            && fresh.get().getMetadata().getDeletionTimestamp() == null;
      }
      if (!allowed) {
        throw new IllegalStateException("daemonset " + Keys.of(ds) + " is being deleted or was replaced; not adopting");
      }
    }
  }

  /** Returns the pods this set controls after adopting matching orphans and releasing non-matching pods. */
  private List<Pod> claimPods(DaemonSet ds, AdoptionCheck adoption) {
    List<Pod> owned = new ArrayList<>();
    for (Pod pod : cache.pods(ds.getMetadata().getNamespace())) {
      boolean selected = Selectors.matches(ds.getSpec().getSelector(), pod.getMetadata().getLabels());
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
      if (ref.isPresent()) {
        if (!ref.get().getUid().equals(ds.getMetadata().getUid())) {
          continue;
        }
        if (selected) {
          owned.add(pod);
        } else {
          actions.releasePod(ds, pod);
        }
        continue;
      }
      if (!selected || DaemonPods.isTerminating(pod)) {
        continue;
      }
      adoption.require();
      actions.adoptPod(ds, pod);
      Pod adopted = DaemonPods.copy(pod);
      List<OwnerReference> refs = new ArrayList<>(NodeFit.orEmpty(adopted.getMetadata().getOwnerReferences()));
      refs.add(OwnerReferences.controllerReference(ds));
      adopted.getMetadata().setOwnerReferences(refs);
      owned.add(adopted);
    }
    return owned;
  }

  /**
   * Settles the current revision (constructHistory): the revision whose data matches the
   * template, created if missing, deduplicated, renumbered above the old ones. Fills {@code old}.
   *
   * @return the current revision's hash
   */
  private String currentRevision(DaemonSet ds, AdoptionCheck adoption, List<ControllerRevision> old) {
    List<ControllerRevision> current = new ArrayList<>();
    for (ControllerRevision r : cache.revisions(ds.getMetadata().getNamespace())) {
      boolean selected = Selectors.matches(ds.getSpec().getSelector(), r.getMetadata().getLabels());
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(r);
      if (ref.isPresent()) {
        if (!ref.get().getUid().equals(ds.getMetadata().getUid())) {
          continue;
        }
        if (!selected) {
          actions.releaseRevision(ds, r);
          continue;
        }
      } else {
        if (!selected || r.getMetadata().getDeletionTimestamp() != null) {
          continue;
        }
        adoption.require();
        actions.adoptRevision(ds, r);
      }
      Map<String, String> labels = r.getMetadata().getLabels();
      if (labels == null || !labels.containsKey(DaemonPods.REVISION_HASH_LABEL)) {
        // Label it with its name rather than a recomputed hash, so collisions cannot matter.
        ControllerRevision labelled = DaemonPods.copy(r);
        if (labelled.getMetadata().getLabels() == null) {
          labelled.getMetadata().setLabels(new java.util.LinkedHashMap<>());
        }
        labelled.getMetadata().getLabels().put(DaemonPods.REVISION_HASH_LABEL, r.getMetadata().getName());
        actions.updateRevision(labelled);
        r = labelled;
      }
      if (DaemonSetRevisions.matches(ds, r)) {
        current.add(r);
      } else {
        old.add(r);
      }
    }
    long next = DaemonSetRevisions.maxRevision(old) + 1;
    if (current.isEmpty()) {
      return snapshot(ds, next).getMetadata().getLabels().get(DaemonPods.REVISION_HASH_LABEL);
    }
    current.sort(Comparator.comparingLong((ControllerRevision r) -> r.getRevision() == null ? 0 : r.getRevision())
        .reversed());
    ControllerRevision keep = current.get(0);
    for (ControllerRevision duplicate : current.subList(1, current.size())) {
      actions.deleteRevision(duplicate);
    }
    if (keep.getRevision() == null || keep.getRevision() < next) {
      ControllerRevision renumbered = DaemonPods.copy(keep);
      renumbered.setRevision(next);
      actions.updateRevision(renumbered);
    }
    return keep.getMetadata().getLabels().get(DaemonPods.REVISION_HASH_LABEL);
  }

  private ControllerRevision snapshot(DaemonSet ds, long revision) {
    String hash = DaemonSetRevisions.hash(ds);
    ControllerRevision wanted = DaemonSetRevisions.newRevision(ds, hash, revision);
    if (actions.createRevision(wanted)) {
      return wanted;
    }
    String ns = ds.getMetadata().getNamespace();
    Optional<ControllerRevision> existing = actions.readRevision(ns, wanted.getMetadata().getName());
    if (existing.isPresent() && DaemonSetRevisions.matches(ds, existing.get())) {
      return existing.get();
    }
    // A different template hashed to the same name: bump collisionCount so the next hash differs.
    DaemonSet fresh = actions.readDaemonSet(ns, ds.getMetadata().getName())
        .orElseThrow(() -> new IllegalStateException("daemonset " + Keys.of(ds) + " disappeared"));
    Integer seen = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
    Integer stored = fresh.getStatus() == null ? null : fresh.getStatus().getCollisionCount();
    if (!Objects.equals(seen, stored)) {
      throw new IllegalStateException("found a stale collision count of daemonset " + Keys.of(ds) + "; will retry");
    }
    DaemonSetStatus status = fresh.getStatus() == null ? new DaemonSetStatus() : DaemonPods.copy(fresh.getStatus());
    status.setCollisionCount(stored == null ? 1 : stored + 1);
    actions.updateStatus(fresh, status);
    throw new IllegalStateException("hash collision for daemonset " + Keys.of(ds) + "; bumped collisionCount");
  }
}
