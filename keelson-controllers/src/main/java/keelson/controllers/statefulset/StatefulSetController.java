package keelson.controllers.statefulset;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import keelson.api.selectors.LabelSelector;
import keelson.controllers.history.ControllerRevisions;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.Expectations;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.OwnerReferences;
import keelson.controllers.runtime.PermanentError;
import keelson.controllers.runtime.SlowStart;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.WorkQueue;
import keelson.controllers.statefulset.PodAction.CreateClaims;
import keelson.controllers.statefulset.PodAction.CreatePod;
import keelson.controllers.statefulset.PodAction.DeletePod;
import keelson.controllers.statefulset.PodAction.Reason;
import keelson.controllers.statefulset.PodAction.UpdateClaimOwners;
import keelson.controllers.statefulset.PodAction.UpdatePod;
import keelson.controllers.statefulset.StatefulSetPlan.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The StatefulSet controller's wiring (upstream's {@code stateful_set.go}): informer events become
 * {@code namespace/name} keys of owning sets; {@link #reconcile} reads the caches, adopts and
 * releases, asks {@link StatefulSetPlanner} for a plan and carries it out through {@link PodActions}.
 *
 * <p>It acts only while {@code isLeader} answers true; on becoming leader it queues every set.
 */
public final class StatefulSetController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatefulSetController.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Upstream's cap on concurrent creations in one slow-start batch. */
  static final int MAX_BATCH_SIZE = 500;

  /** Where decisions are read from. */
  private final StatefulSetCache cache;
  /** The only I/O. */
  private final PodActions actions;
  private final Clock clock;
  private final BooleanSupplier isLeader;
  /** Creations and deletions asked for and not yet seen in the cache, per set key. */
  private final Expectations expectations;
  /** Slow-start memory per set key, so a healthy set's later syncs need not ramp from 1 again. */
  private final SlowStart slowStart = new SlowStart(MAX_BATCH_SIZE);
  /** How to look at a key again later (the work queue's addAfter, or a test's recorder). */
  private final BiConsumer<String, Duration> requeue;

  /** Started pieces (production only), closed in reverse order. */
  private final List<AutoCloseable> closeables = new ArrayList<>();

  /**
   * Builds a controller over any cache and actions (tests and simulations call {@link #reconcile} directly).
   *
   * @param requeue receives keys to look at again after a delay (minReadySeconds waits)
   */
  public StatefulSetController(StatefulSetCache cache, PodActions actions, Clock clock, BooleanSupplier isLeader,
      BiConsumer<String, Duration> requeue) {
    this.cache = cache;
    this.actions = actions;
    this.clock = clock;
    this.isLeader = isLeader;
    this.expectations = new Expectations(clock);
    this.requeue = requeue;
  }

  /**
   * Starts the controller against an API server: handlers on the shared informers of statefulsets,
   * pods, claims and controllerrevisions (waiting for them to sync), a work queue and
   * {@code workers} workers. It acts only while {@code isLeader} is true. Close it to stop.
   */
  public static StatefulSetController start(SharedInformers informers, Clock clock, BooleanSupplier isLeader,
      int workers) throws Exception {
    KubernetesClient client = informers.client();
    WorkQueue queue = new WorkQueue("statefulset");
    EventRecorder recorder = new EventRecorder(client, "statefulset-controller", clock);
    InformerCache cache = new InformerCache();
    StatefulSetController controller = new StatefulSetController(cache, new ClientPodActions(client, recorder),
        clock, isLeader, queue::addAfter);
    Handlers handlers = controller.new Handlers(queue::add);
    cache.sets = informers.informer(StatefulSet.class);
    cache.pods = informers.informer(Pod.class);
    cache.claims = informers.informer(PersistentVolumeClaim.class);
    cache.revisions = informers.informer(ControllerRevision.class);
    List<SharedInformers.Registration> registrations = List.of(
        informers.handle(StatefulSet.class, handlers.sets(), Duration.ofMinutes(10)),
        informers.handle(Pod.class, handlers.pods()),
        informers.handle(PersistentVolumeClaim.class, handlers.claims()),
        informers.handle(ControllerRevision.class, handlers.revisions()));
    // Act only on complete caches: a pod not listed yet would be created again.
    informers.awaitSynced(Duration.ofSeconds(60), StatefulSet.class, Pod.class, PersistentVolumeClaim.class,
        ControllerRevision.class);
    ControllerLoop loop = new ControllerLoop("statefulset", queue, controller::reconcile, workers);
    loop.start();
    // Leadership can come later: then every set needs a look, as after a fresh start.
    ScheduledExecutorService leadership = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("statefulset-leadership").daemon().factory());
    AtomicBoolean wasLeader = new AtomicBoolean(false);
    leadership.scheduleWithFixedDelay(() -> {
      boolean leader = isLeader.getAsBoolean();
      if (leader && !wasLeader.get()) {
        cache.sets.getStore().list().forEach(set -> queue.add(Keys.of(set)));
      }
      wasLeader.set(leader);
    }, 0, 1, TimeUnit.SECONDS);
    controller.closeables.add(recorder);
    controller.closeables.addAll(registrations);
    controller.closeables.add(loop);
    controller.closeables.add(leadership::shutdownNow);
    return controller;
  }

  /**
   * Brings one set (by key) toward its spec: level-triggered, from the caches.
   *
   * @throws Exception to be retried with back-off (an action failed); a {@link PermanentError} for
   *     an unusable selector
   */
  public void reconcile(String key) throws Exception {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    String namespace = Keys.namespace(key);
    Optional<StatefulSet> found = cache.statefulSet(namespace, Keys.name(key));
    if (found.isEmpty()) {
      expectations.forget(key);
      slowStart.forget(key);
      return;
    }
    StatefulSet set = found.get();
    LabelSelector selector = selectorOf(set);
    if (!expectations.satisfied(key)) {
      // Our last creations or deletions are not in the cache yet; acting now would repeat them.
      return;
    }
    List<ControllerRevision> revisions = claimRevisions(set, selector);
    List<Pod> pods = claimPods(set, selector);
    StatefulSetObservation observation = new StatefulSetObservation(set, pods, cache.claims(namespace), revisions);
    StatefulSetPlan plan = StatefulSetPlanner.plan(observation, clock.instant());
    execute(key, set, plan);
    plan.requeueAfter().ifPresent(delay -> requeue.accept(key, delay));
  }

  static LabelSelector selectorOf(StatefulSet set) {
    try {
      LabelSelector selector = LabelSelector.fromJson(MAPPER.valueToTree(set.getSpec().getSelector()));
      if (selector.isEmpty() || selector.isNothing()) {
        throw new PermanentError("statefulset " + Keys.of(set) + " has an empty selector");
      }
      return selector;
    } catch (IllegalArgumentException e) {
      throw new PermanentError("statefulset " + Keys.of(set) + " has an invalid selector: " + e.getMessage());
    }
  }

  // ---- adoption and release (upstream's ControllerRefManager) ----

  /** Returns the pods the set controls after adopting matching orphans and releasing non-matching pods. */
  private List<Pod> claimPods(StatefulSet set, LabelSelector selector) {
    boolean deleting = set.getMetadata().getDeletionTimestamp() != null;
    List<Pod> owned = new ArrayList<>();
    Boolean canAdopt = null;
    for (Pod pod : cache.pods(set.getMetadata().getNamespace())) {
      boolean matches = selector.matches(labels(pod)) && StatefulPods.isMemberOf(set, pod);
      Optional<OwnerReference> controllerRef = OwnerReferences.controllerOf(pod);
      if (controllerRef.isPresent()) {
        if (!Objects.equals(controllerRef.get().getUid(), set.getMetadata().getUid())) {
          continue;
        }
        if (matches) {
          owned.add(pod);
        } else if (!deleting) {
          release(set, pod);
        }
        continue;
      }
      if (deleting || !matches || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (canAdopt == null) {
        canAdopt = canAdopt(set);
      }
      List<OwnerReference> refs = new ArrayList<>(Optional.ofNullable(pod.getMetadata().getOwnerReferences())
          .orElse(List.of()));
      refs.add(StatefulPods.setReference(set));
      try {
        actions.setPodOwners(pod, refs);
        owned.add(withOwners(pod, refs));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
    return owned;
  }

  private void release(StatefulSet set, Pod pod) {
    List<OwnerReference> refs = new ArrayList<>(pod.getMetadata().getOwnerReferences());
    refs.removeIf(r -> Objects.equals(r.getUid(), set.getMetadata().getUid()));
    try {
      actions.setPodOwners(pod, refs);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** Returns the set's revisions (owned, or orphans matching the selector, which are adopted). */
  private List<ControllerRevision> claimRevisions(StatefulSet set, LabelSelector selector) {
    List<ControllerRevision> owned = new ArrayList<>();
    Boolean canAdopt = null;
    for (ControllerRevision revision : cache.revisions(set.getMetadata().getNamespace())) {
      Map<String, String> labels = revision.getMetadata().getLabels() == null ? Map.of()
          : revision.getMetadata().getLabels();
      if (!selector.matches(labels)) {
        continue;
      }
      Optional<OwnerReference> controllerRef = OwnerReferences.controllerOf(revision);
      if (controllerRef.isPresent()) {
        if (Objects.equals(controllerRef.get().getUid(), set.getMetadata().getUid())) {
          owned.add(revision);
        }
        continue;
      }
      if (set.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (canAdopt == null) {
        canAdopt = canAdopt(set);
      }
      List<OwnerReference> refs = new ArrayList<>(Optional.ofNullable(revision.getMetadata().getOwnerReferences())
          .orElse(List.of()));
      refs.add(StatefulPods.setReference(set));
      actions.setRevisionOwners(revision, refs);
      ControllerRevision adopted = new io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder(revision).build();
      adopted.getMetadata().setOwnerReferences(refs);
      owned.add(adopted);
    }
    return owned;
  }

  /** Re-reads the set uncached: adopting for a set that is gone or going would be wrong. */
  private boolean canAdopt(StatefulSet set) {
    StatefulSet fresh = actions.getStatefulSet(set.getMetadata().getNamespace(), set.getMetadata().getName())
        .orElseThrow(() -> new IllegalStateException("statefulset " + Keys.of(set) + " is gone"));
    if (!Objects.equals(fresh.getMetadata().getUid(), set.getMetadata().getUid())) {
      throw new IllegalStateException("original StatefulSet " + Keys.of(set) + " is gone: got uid "
          + fresh.getMetadata().getUid() + ", wanted " + set.getMetadata().getUid());
    }
    if (fresh.getMetadata().getDeletionTimestamp() != null) {
      throw new IllegalStateException("StatefulSet " + Keys.of(set) + " has just been deleted at "
          + fresh.getMetadata().getDeletionTimestamp());
    }
    return true;
  }

  private static Pod withOwners(Pod pod, List<OwnerReference> refs) {
    Pod copy = new io.fabric8.kubernetes.api.model.PodBuilder(pod).build();
    copy.getMetadata().setOwnerReferences(refs);
    return copy;
  }

  private static Map<String, String> labels(HasMetadata object) {
    return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
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

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        log.atDebug().addKeyValue("error", e.getMessage()).log("close failed");
      }
    }
  }

  // ---- event handlers: which set keys an informer event concerns ----

  /** Maps informer events to set keys and counts observed creations and deletions. */
  final class Handlers {
    private final java.util.function.Consumer<String> enqueue;

    Handlers(java.util.function.Consumer<String> enqueue) {
      this.enqueue = enqueue;
    }

    ResourceEventHandler<StatefulSet> sets() {
      return new ResourceEventHandler<>() {
        @Override
        public void onAdd(StatefulSet set) {
          enqueue.accept(Keys.of(set));
        }

        @Override
        public void onUpdate(StatefulSet old, StatefulSet set) {
          enqueue.accept(Keys.of(set));
        }

        @Override
        public void onDelete(StatefulSet set, boolean finalStateUnknown) {
          expectations.forget(Keys.of(set));
          enqueue.accept(Keys.of(set));
        }
      };
    }

    ResourceEventHandler<Pod> pods() {
      return new ResourceEventHandler<>() {
        @Override
        public void onAdd(Pod pod) {
          podAdded(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
          podUpdated(old, pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
          podDeleted(pod);
        }
      };
    }

    ResourceEventHandler<PersistentVolumeClaim> claims() {
      return new ResourceEventHandler<>() {
        @Override
        public void onAdd(PersistentVolumeClaim claim) { }

        @Override
        public void onUpdate(PersistentVolumeClaim old, PersistentVolumeClaim claim) {
          claimChanged(claim);
        }

        @Override
        public void onDelete(PersistentVolumeClaim claim, boolean finalStateUnknown) {
          claimChanged(claim);
        }
      };
    }

    ResourceEventHandler<ControllerRevision> revisions() {
      return new ResourceEventHandler<>() {
        @Override
        public void onAdd(ControllerRevision revision) {
          revisionChanged(revision);
        }

        @Override
        public void onUpdate(ControllerRevision old, ControllerRevision revision) {
          if (!Objects.equals(old.getMetadata().getResourceVersion(), revision.getMetadata().getResourceVersion())) {
            revisionChanged(revision);
          }
        }

        @Override
        public void onDelete(ControllerRevision revision, boolean finalStateUnknown) {
          revisionChanged(revision);
        }
      };
    }

    void podAdded(Pod pod) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        // Seen for the first time already terminating (e.g. after a restart): a deletion, not a creation.
        podDeleted(pod);
        return;
      }
      Optional<StatefulSet> owner = ownerOf(pod);
      if (owner.isPresent()) {
        expectations.creationObserved(Keys.of(owner.get()));
        enqueue.accept(Keys.of(owner.get()));
        return;
      }
      matchingSets(pod).forEach(set -> enqueue.accept(Keys.of(set)));
    }

    void podUpdated(Pod old, Pod pod) {
      if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
        return;
      }
      Optional<StatefulSet> owner = ownerOf(pod);
      Optional<StatefulSet> oldOwner = ownerOf(old);
      if (old.getMetadata().getDeletionTimestamp() == null && pod.getMetadata().getDeletionTimestamp() != null) {
        owner.ifPresent(set -> expectations.deletionObserved(Keys.of(set)));
      }
      if (oldOwner.isPresent() && !oldOwner.equals(owner)) {
        enqueue.accept(Keys.of(oldOwner.get()));
      }
      if (owner.isPresent()) {
        enqueue.accept(Keys.of(owner.get()));
        return;
      }
      boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels());
      if (labelsChanged || oldOwner.isPresent()) {
        matchingSets(pod).forEach(set -> enqueue.accept(Keys.of(set)));
      }
    }

    void podDeleted(Pod pod) {
      Optional<StatefulSet> owner = ownerOf(pod);
      owner.ifPresent(set -> {
        // A pod deleted gracefully was counted when its deletionTimestamp appeared.
        if (pod.getMetadata().getDeletionTimestamp() == null) {
          expectations.deletionObserved(Keys.of(set));
        }
        enqueue.accept(Keys.of(set));
      });
    }

    void claimChanged(PersistentVolumeClaim claim) {
      String name = claim.getMetadata().getName();
      for (StatefulSet set : cache.statefulSets(claim.getMetadata().getNamespace())) {
        // Claim names are <template>-<set>-<ordinal>.
        String parent = StatefulPods.parentName(name);
        if (parent.endsWith("-" + set.getMetadata().getName()) && StatefulPods.ordinal(name) >= 0) {
          enqueue.accept(Keys.of(set));
        }
      }
    }

    void revisionChanged(ControllerRevision revision) {
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(revision);
      if (ref.isPresent()) {
        resolve(revision.getMetadata().getNamespace(), ref.get()).ifPresent(set -> enqueue.accept(Keys.of(set)));
        return;
      }
      for (StatefulSet set : cache.statefulSets(revision.getMetadata().getNamespace())) {
        try {
          if (selectorOf(set).matches(labels(revision))) {
            enqueue.accept(Keys.of(set));
          }
        } catch (PermanentError e) {
          // A set with a bad selector adopts nothing.
        }
      }
    }

    private Optional<StatefulSet> ownerOf(Pod pod) {
      return OwnerReferences.controllerOf(pod).flatMap(ref -> resolve(pod.getMetadata().getNamespace(), ref));
    }

    /** Resolves a controller reference to a cached set: the kind must be StatefulSet and the UID must match. */
    private Optional<StatefulSet> resolve(String namespace, OwnerReference ref) {
      if (!"StatefulSet".equals(ref.getKind())) {
        return Optional.empty();
      }
      return cache.statefulSet(namespace, ref.getName())
          .filter(set -> Objects.equals(set.getMetadata().getUid(), ref.getUid()));
    }

    /** Orphans go to every set whose selector matches (and whose member the name says it is). */
    private List<StatefulSet> matchingSets(Pod pod) {
      List<StatefulSet> matching = new ArrayList<>();
      for (StatefulSet set : cache.statefulSets(pod.getMetadata().getNamespace())) {
        try {
          if (selectorOf(set).matches(labels(pod))) {
            matching.add(set);
          }
        } catch (PermanentError e) {
          // A set with a bad selector adopts nothing.
        }
      }
      return matching;
    }
  }

  /** Returns handlers feeding the given enqueue function (for tests that drive events by hand). */
  Handlers handlers(java.util.function.Consumer<String> enqueue) {
    return new Handlers(enqueue);
  }

  /** Reads from the four informers' indexers. */
  static final class InformerCache implements StatefulSetCache {
    volatile SharedIndexInformer<StatefulSet> sets;
    volatile SharedIndexInformer<Pod> pods;
    volatile SharedIndexInformer<PersistentVolumeClaim> claims;
    volatile SharedIndexInformer<ControllerRevision> revisions;

    @Override
    public Optional<StatefulSet> statefulSet(String namespace, String name) {
      return Optional.ofNullable(sets == null ? null : sets.getIndexer().getByKey(Keys.of(namespace, name)));
    }

    @Override
    public List<StatefulSet> statefulSets(String namespace) {
      return byNamespace(sets, namespace);
    }

    @Override
    public List<Pod> pods(String namespace) {
      return byNamespace(pods, namespace);
    }

    @Override
    public List<PersistentVolumeClaim> claims(String namespace) {
      return byNamespace(claims, namespace);
    }

    @Override
    public List<ControllerRevision> revisions(String namespace) {
      return byNamespace(revisions, namespace);
    }

    private static <T extends HasMetadata> List<T> byNamespace(SharedIndexInformer<T> informer, String namespace) {
      if (informer == null) {
        return List.of();
      }
      return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }
  }
}
