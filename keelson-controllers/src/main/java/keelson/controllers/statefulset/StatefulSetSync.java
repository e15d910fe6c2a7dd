package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntConsumer;
import keelson.api.selectors.LabelSelector;
import keelson.controllers.history.ControllerRevisions;
import keelson.controllers.runtime.Expectations;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.PermanentError;
import keelson.controllers.runtime.SlowStart;
import keelson.controllers.statefulset.PodAction.CreateClaims;
import keelson.controllers.statefulset.PodAction.CreatePod;
import keelson.controllers.statefulset.PodAction.DeletePod;
import keelson.controllers.statefulset.PodAction.Reason;
import keelson.controllers.statefulset.PodAction.UpdateClaimOwners;
import keelson.controllers.statefulset.PodAction.UpdatePod;
import keelson.controllers.statefulset.StatefulSetPlan.Step;

/**
 * Syncs one StatefulSet (upstream's {@code sync} in {@code stateful_set.go} with the side of
 * {@code stateful_set_control.go} that acts): reads the set from the cache, adopts and releases
 * through {@link StatefulSetAdoption}, asks {@link StatefulSetPlanner} for a plan and carries it
 * out through {@link PodActions} with upstream's events, slow-start batches and expectations.
 * Shared by the informer-driven controller and the simulation tests.
 */
final class StatefulSetSync {
  /** Upstream's cap on concurrent creations in one slow-start batch. */
  static final int MAX_BATCH_SIZE = 500;

  /** Where decisions are read from. */
  private final StatefulSetCache cache;
  /** The only I/O. */
  private final PodActions actions;
  private final StatefulSetAdoption adoption;
  private final Clock clock;
  /** Creations and deletions asked for and not yet seen in the cache, per set key. */
  private final Expectations expectations;
  /** Slow-start memory per set key, so a healthy set's later syncs need not ramp from 1 again. */
  private final SlowStart slowStart = new SlowStart(MAX_BATCH_SIZE);

  /** @param expectations shared with the event handlers, which count observed creations and deletions */
  StatefulSetSync(StatefulSetCache cache, PodActions actions, Clock clock, Expectations expectations) {
    this.cache = cache;
    this.actions = actions;
    this.adoption = new StatefulSetAdoption(cache, actions);
    this.clock = clock;
    this.expectations = expectations;
  }

  /**
   * Brings one set (by key) toward its spec: level-triggered, from the caches.
   *
   * @return a delay after which the key should be looked at again even without events
   *     (minReadySeconds waits)
   * @throws Exception to be retried with back-off (an action failed); a {@link PermanentError} for
   *     an unusable selector
   */
  Optional<Duration> reconcile(String key) throws Exception {
    return reconcile(key, work -> { });
  }

  /** As {@link #reconcile(String)}, reporting to {@code walked} how many pods the sync planned over. */
  Optional<Duration> reconcile(String key, IntConsumer walked) throws Exception {
    String namespace = Keys.namespace(key);
    Optional<StatefulSet> found = cache.statefulSet(namespace, Keys.name(key));
    if (found.isEmpty()) {
      expectations.forget(key);
      slowStart.forget(key);
      return Optional.empty();
    }
    StatefulSet set = found.get();
    LabelSelector selector = StatefulPods.selectorOf(set);
    if (!expectations.satisfied(key)) {
      // Our last creations or deletions are not in the cache yet; acting now would repeat them.
      return Optional.empty();
    }
    List<ControllerRevision> revisions = adoption.claimRevisions(set, selector);
    List<Pod> pods = adoption.claimPods(set, selector);
    StatefulSetObservation observation = new StatefulSetObservation(set, pods, cache.claims(namespace), revisions);
    StatefulSetPlan plan = StatefulSetPlanner.plan(observation, clock.instant());
    walked.accept(pods.size());
    execute(key, set, plan);
    return plan.requeueAfter();
  }

  // ---- carrying out a plan ----

  /**
   * Carries out a plan: the revision change first (pods are labelled with it), then the steps in
   * order until one fails, then the status (always), then history truncation.
   */
  void execute(String key, StatefulSet set, StatefulSetPlan plan) throws Exception {
    StatefulSetStatus status = plan.status();
    switch (plan.revisionChange()) {
      case RevisionChange.Keep keep -> { }
      case RevisionChange.Create create -> {
        try {
          actions.createRevision(create.revision());
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          Optional<ControllerRevision> existing = actions.getRevision(create.revision().getMetadata().getNamespace(),
              create.revision().getMetadata().getName());
          if (existing.isEmpty() || !ControllerRevisions.equal(existing.get(), create.revision())) {
            // A hash collision with a revision we do not own: count it so the next sync rehashes.
            StatefulSetStatus collided = new StatefulSetStatusBuilder(
                set.getStatus() == null ? new StatefulSetStatus() : set.getStatus())
                .withCollisionCount(status.getCollisionCount() + 1).build();
            actions.updateStatus(set, forWire(collided));
            throw new IllegalStateException("controllerrevision " + create.revision().getMetadata().getName()
                + " exists with other data; collisionCount is now " + collided.getCollisionCount());
          }
        }
      }
      case RevisionChange.Bump bump -> actions.updateRevision(bump.revision());
    }

    List<PodAction> all = plan.actions();
    int adds = (int) all.stream().filter(a -> a instanceof CreatePod).count();
    int deletes = (int) all.stream().filter(a -> a instanceof DeletePod).count();
    if (adds > 0 || deletes > 0) {
      expectations.expect(key, adds, deletes);
    }
    Exception failure = null;
    int executed = 0;
    for (Step step : plan.steps()) {
      List<Exception> errors = step.parallel() ? runParallel(set, step.actions(), status.getUpdateRevision())
          : runInOrder(set, step.actions());
      executed += step.actions().size();
      if (!errors.isEmpty()) {
        failure = aggregate(errors);
        break;
      }
    }
    // Whatever was not attempted will never be observed.
    for (PodAction skipped : all.subList(Math.min(executed, all.size()), all.size())) {
      lowerExpectation(key, skipped);
    }

    if (plan.writeStatus()) {
      try {
        actions.updateStatus(set, forWire(status));
      } catch (KubernetesClientException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    for (ControllerRevision doomed : plan.revisionsToDelete()) {
      try {
        actions.deleteRevision(doomed);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 && failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private List<Exception> runInOrder(StatefulSet set, List<PodAction> list) {
    for (PodAction action : list) {
      try {
        perform(set, action);
      } catch (Exception e) {
        lowerExpectation(Keys.of(set), action);
        return List.of(e);
      }
    }
    return List.of();
  }

  /**
   * Slow start (1, 2, 4, ... up to 500 at once, continuing across syncs while all succeed, see
   * {@link SlowStart}), stopping after the first batch with a failure.
   */
  private List<Exception> runParallel(StatefulSet set, List<PodAction> list, String revision)
      throws InterruptedException {
    String key = Keys.of(set);
    int done = 0;
    int largest = 0;
    for (int size : slowStart.batches(key, revision, list.size())) {
      largest = Math.max(largest, size);
      ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>(size);
      for (PodAction action : list.subList(done, done + size)) {
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            perform(set, action);
          } catch (Exception e) {
            lowerExpectation(key, action);
            errors.add(e);
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      done += size;
      if (!errors.isEmpty()) {
        slowStart.record(key, revision, largest, true);
        for (PodAction skipped : list.subList(done, list.size())) {
          lowerExpectation(key, skipped);
        }
        return List.copyOf(errors);
      }
    }
    slowStart.record(key, revision, largest, false);
    return List.of();
  }

  private void lowerExpectation(String key, PodAction action) {
    switch (action) {
      case CreatePod c -> expectations.creationObserved(key);
      case DeletePod d -> expectations.deletionObserved(key);
      case CreateClaims c -> { }
      case UpdatePod u -> { }
      case UpdateClaimOwners u -> { }
    }
  }

  /** Performs one action, with upstream's events. */
  private void perform(StatefulSet set, PodAction action) {
    switch (action) {
      case CreatePod create -> {
        List<String> errors = createClaims(set, create.pod(), create.missingClaims());
        create.claimsBeingDeleted().forEach(name -> errors.add("pvc " + name + " is being deleted"));
        if (!errors.isEmpty()) {
          String message = goAggregate(errors);
          podEvent(set, "create", create.pod(), message);
          throw new IllegalStateException(message);
        }
        try {
          actions.createPod(create.pod());
          podEvent(set, "create", create.pod(), null);
        } catch (KubernetesClientException e) {
          // AlreadyExists means our cache is behind: no event, just try again later.
          if (e.getCode() != 409) {
            podEvent(set, "create", create.pod(), apiMessage(e));
          }
          throw e;
        }
      }
      case CreateClaims create -> {
        List<String> errors = createClaims(set, create.pod(), create.claims());
        if (!errors.isEmpty()) {
          throw new IllegalStateException(goAggregate(errors));
        }
      }
      case UpdatePod update -> {
        List<String> errors = createClaims(set, update.pod(), update.missingClaims());
        if (!errors.isEmpty()) {
          String message = goAggregate(errors);
          podEvent(set, "update", update.pod(), message);
          throw new IllegalStateException(message);
        }
        try {
          actions.updatePod(update.pod());
          podEvent(set, "update", update.pod(), null);
        } catch (KubernetesClientException e) {
          podEvent(set, "update", update.pod(), apiMessage(e));
          throw e;
        }
      }
      case DeletePod delete -> {
        if (delete.reason() == Reason.FINISHED) {
          recreatingEvent(set, delete.pod());
        }
        try {
          actions.deletePod(delete.pod());
          podEvent(set, "delete", delete.pod(), null);
        } catch (KubernetesClientException e) {
          if (e.getCode() == 404) {
            return;
          }
          podEvent(set, "delete", delete.pod(), apiMessage(e));
          throw e;
        }
      }
      case UpdateClaimOwners update -> {
        try {
          actions.updateClaim(update.claim());
        } catch (KubernetesClientException e) {
          throw new IllegalStateException("could not update claim " + update.claim().getMetadata().getName()
              + " for delete policy ownerRefs: " + apiMessage(e), e);
        }
      }
    }
  }

  /** Creates claims, recording upstream's claim events; returns the error texts (empty when all were created). */
  private List<String> createClaims(StatefulSet set, Pod pod, List<PersistentVolumeClaim> claims) {
    List<String> errors = new ArrayList<>();
    for (PersistentVolumeClaim claim : claims) {
      try {
        actions.createClaim(claim);
        actions.recordEvent(set, "Normal", "SuccessfulCreate", "create Claim " + claim.getMetadata().getName()
            + " Pod " + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " success");
      } catch (KubernetesClientException e) {
        errors.add("failed to create PVC " + claim.getMetadata().getName() + ": " + apiMessage(e));
        if (e.getCode() != 409) {
          actions.recordEvent(set, "Warning", "FailedCreate", "create Claim " + claim.getMetadata().getName()
              + " for Pod " + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName()
              + " failed error: " + apiMessage(e));
        }
      }
    }
    return errors;
  }

  /** Upstream's event before a finished pod is deleted to be recreated under the same name. */
  private void recreatingEvent(StatefulSet set, Pod pod) {
    boolean failed = StatefulPods.isFailed(pod);
    actions.recordEvent(set, failed ? "Warning" : "Normal", failed ? "RecreatingFailedPod" : "RecreatingTerminatedPod",
        "StatefulSet " + set.getMetadata().getNamespace() + "/" + set.getMetadata().getName() + " is recreating "
            + (failed ? "failed" : "terminated") + " Pod " + pod.getMetadata().getName());
  }

  /** Records {@code Successful<Verb>} or {@code Failed<Verb>} about a pod, in upstream's words. */
  private void podEvent(StatefulSet set, String verb, Pod pod, String error) {
    String title = Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
    String subject = verb + " Pod " + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName();
    if (error == null) {
      actions.recordEvent(set, "Normal", "Successful" + title, subject + " successful");
    } else {
      actions.recordEvent(set, "Warning", "Failed" + title, subject + " failed error: " + error);
    }
  }

  /** Returns the API server's message (what {@code err.Error()} prints for a status error), else the exception's. */
  static String apiMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isEmpty()) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }

  /** Go's aggregate error text: the message alone, or {@code [a, b]}. */
  static String goAggregate(List<String> errors) {
    return errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]";
  }

  private static Exception aggregate(List<Exception> errors) {
    if (errors.size() == 1) {
      return errors.getFirst();
    }
    IllegalStateException e = new IllegalStateException(goAggregate(errors.stream()
        .map(x -> x instanceof KubernetesClientException k ? apiMessage(k) : String.valueOf(x.getMessage())).toList()));
    errors.forEach(e::addSuppressed);
    return e;
  }

  /** Leaves out what Go's omitempty leaves out, so stored status reads like upstream's. */
  static StatefulSetStatus forWire(StatefulSetStatus status) {
    StatefulSetStatus wire = new StatefulSetStatusBuilder(status).build();
    wire.setObservedGeneration(zeroToNull(status.getObservedGeneration()));
    wire.setReadyReplicas(zeroToNull(status.getReadyReplicas()));
    wire.setCurrentReplicas(zeroToNull(status.getCurrentReplicas()));
    wire.setUpdatedReplicas(zeroToNull(status.getUpdatedReplicas()));
    wire.setReplicas(status.getReplicas() == null ? 0 : status.getReplicas());
    wire.setAvailableReplicas(status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas());
    if (wire.getCurrentRevision() != null && wire.getCurrentRevision().isEmpty()) {
      wire.setCurrentRevision(null);
    }
    if (wire.getUpdateRevision() != null && wire.getUpdateRevision().isEmpty()) {
      wire.setUpdateRevision(null);
    }
    return wire;
  }

  private static Integer zeroToNull(Integer value) {
    return value == null || value == 0 ? null : value;
  }

  private static Long zeroToNull(Long value) {
    return value == null || value == 0 ? null : value;
  }
}
