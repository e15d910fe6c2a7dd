package keelson.scheduler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.WorkQueue;
import keelson.scheduler.bind.BindActions;
import keelson.scheduler.bind.ClientBindActions;
import keelson.scheduler.bind.PodConditions;
import keelson.scheduler.bind.Volumes;
import keelson.scheduler.cache.PodInfo;
import keelson.scheduler.cache.SchedulerCache;
import keelson.scheduler.filter.VolumeConstraints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's wiring: informers on pods, nodes, claims, volumes and storage classes feed a
 * {@link SchedulerCache} and a queue of pending pod keys; one worker decides from the cache
 * ({@link SchedulePlanner}) and assumes the pod on its node at once; bindings run concurrently on
 * virtual threads. It decides and writes only while {@code isLeader} holds.
 *
 * <p>Unschedulable pods get {@code PodScheduled=False} and a {@code FailedScheduling} event, and come
 * back when a node or a pod changes (after a back-off of 1 s doubling to 10 s, as kube-scheduler's),
 * or at the latest after 5 minutes.
 */
public final class Scheduler implements AutoCloseable {
  /** The {@code spec.schedulerName} this scheduler serves. */
  public static final String NAME = "default-scheduler";
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Duration FLUSH_AFTER = Duration.ofMinutes(5);
  private static final int MAX_IN_FLIGHT = 256;
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
  /** How soon a pod whose claim's watch event is still on its way is looked at again. */
  private static final Duration CLAIM_CATCH_UP = Duration.ofMillis(50);
  /** How long after its creation a pod may wait for its claims' watch events. */
  private static final Duration CLAIM_GRACE = Duration.ofSeconds(10);

  private final SharedInformers informers;
  private final BindActions actions;
  private final Clock clock;
  private final BooleanSupplier isLeader;
  private final RandomGenerator random;
  private final Duration volumeBindTimeout;
  private final SchedulerCache cache = new SchedulerCache();
  private final SchedulePlanner planner = SchedulePlanner.defaults();
  private final WorkQueue queue = new WorkQueue("scheduler");
  private final ControllerLoop loop;
  private final EventRecorder events;
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("scheduler-timers").daemon().factory());
  private final Map<String, Attempts> unschedulable = new ConcurrentHashMap<>();
  private final AtomicBoolean movePending = new AtomicBoolean();
  private final List<SharedInformers.Registration> registrations = new ArrayList<>();
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<PersistentVolumeClaim> claims;
  private SharedIndexInformer<PersistentVolume> volumes;
  private SharedIndexInformer<StorageClass> classes;
  private volatile boolean wasLeader;
  /** Where the next pod's node search starts; only the single worker touches it. */
  private int nextStart;

  private record Attempts(int count, Instant last) {}

  Scheduler(SharedInformers informers, BindActions actions, Clock clock, BooleanSupplier isLeader,
      RandomGenerator random, Duration volumeBindTimeout) {
    this.informers = informers;
    this.actions = actions;
    this.clock = clock;
    this.isLeader = isLeader;
    this.random = random;
    this.volumeBindTimeout = volumeBindTimeout;
    this.events = new EventRecorder(informers.client(), NAME, clock);
    this.loop = new ControllerLoop("scheduler", queue, this::schedule, 1);
  }

  /**
   * Starts a scheduler: informers synced, the worker running. Binds only while {@code isLeader}
   * returns true; when it turns true, every pending pod is looked at again.
   */
  public static Scheduler start(SharedInformers informers, Clock clock, BooleanSupplier isLeader) throws Exception {
    Scheduler scheduler = new Scheduler(informers, new ClientBindActions(informers.client()), clock, isLeader,
        RandomGenerator.of("L64X128MixRandom"), Duration.ofMinutes(10));
    scheduler.run();
    return scheduler;
  }

  void run() throws Exception {
    Consumer<HasMetadata> move = o -> requestMove();
    claims = informers.informer(PersistentVolumeClaim.class);
    volumes = informers.informer(PersistentVolume.class);
    classes = informers.informer(StorageClass.class);
    pods = informers.informer(Pod.class);
    registrations.add(informers.handle(Node.class,
        handler(this::onNode, this::onNode, n -> cache.removeNode(n.getMetadata().getName()))));
    registrations.add(informers.handle(PersistentVolumeClaim.class, handler(move, move, o -> { })));
    registrations.add(informers.handle(PersistentVolume.class, handler(move, move, o -> { })));
    registrations.add(informers.handle(StorageClass.class, handler(move, move, o -> { })));
    registrations.add(informers.handle(Pod.class, handler(this::onPod, this::onPod, this::onPodDeleted)));
    // Decide only from complete caches: a node that looks empty because its pods are not listed yet
    // would be overcommitted.
    informers.awaitSynced(SYNC_TIMEOUT, Node.class, PersistentVolumeClaim.class, PersistentVolume.class,
        StorageClass.class, Pod.class);
    wasLeader = isLeader.getAsBoolean();
    loop.start();
    timers.scheduleWithFixedDelay(this::watchLeadership, 100, 100, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::flushLeftovers, 30, 30, TimeUnit.SECONDS);
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<? super T> add,
      Consumer<? super T> update, Consumer<? super T> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        add.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        update.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        delete.accept(obj);
      }
    };
  }

  private void onNode(Node node) {
    if (cache.upsertNode(node)) {
      requestMove();
    }
  }

  private void onPod(Pod pod) {
    if (cache.updatePod(pod)) {
      requestMove();
    }
    if (needsScheduling(pod)) {
      queue.add(Keys.of(pod));
    }
  }

  private void onPodDeleted(Pod pod) {
    unschedulable.remove(Keys.of(pod));
    if (cache.removePod(pod)) {
      requestMove();
    }
  }

  /** Returns whether a pod waits for this scheduler: unbound, ours, not gated, not finished or going. */
  static boolean needsScheduling(Pod pod) {
    var spec = pod.getSpec();
    if (spec == null || (spec.getNodeName() != null && !spec.getNodeName().isEmpty())) {
      return false;
    }
    String scheduler = spec.getSchedulerName();
    return (scheduler == null || scheduler.isEmpty() || NAME.equals(scheduler))
        && pod.getMetadata().getDeletionTimestamp() == null
        && !SchedulerCache.isTerminal(pod)
        && (spec.getSchedulingGates() == null || spec.getSchedulingGates().isEmpty());
  }

  /** Schedules one pod: the single worker's reconcile. */
  private void schedule(String key) throws InterruptedException {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    Pod pod = pods.getStore().getByKey(key);
    if (pod == null || !needsScheduling(pod)) {
      unschedulable.remove(key);
      return;
    }
    if (cache.nodeOf(key, pod.getMetadata().getUid()) != null) {
      return; // assumed: its binding is in flight
    }
    PodInfo info = PodInfo.of(pod);
    VolumeConstraints vc = Volumes.constraints(info, claims.getStore()::getByKey,
        volumes.getStore()::getByKey, classes.getStore()::getByKey);
    if (vc.failure() != null && claimEventPending(info)) {
      // A StatefulSet creates a pod's claims before the pod, but the two informers hear of them on
      // separate watches: a claim that exists is waited for, not reported missing.
      queue.addAfter(key, CLAIM_CATCH_UP);
      return;
    }
    int start = nextStart;
    Decision decision = cache.decide(nodes -> {
      Decision d = planner.schedule(info, vc, nodes, cache::presentNode, start, random);
      if (d instanceof Decision.Bind bind) {
        cache.assume(info, bind.node());
      }
      return d;
    });
    nextStart = start + decision.examined();
    switch (decision) {
      case Decision.Bind bind -> {
        inFlight.acquire();
        writers.execute(() -> {
          try {
            bind(info, bind.node(), vc);
          } finally {
            inFlight.release();
          }
        });
      }
      case Decision.Unschedulable u -> failed(pod, u.message());
    }
  }

  /**
   * Whether one of a young pod's claims is missing from the claim informer yet stored: its watch
   * event is on its way. Older pods are decided on the informer alone, as kube-scheduler does.
   */
  private boolean claimEventPending(PodInfo info) {
    Pod pod = info.pod();
    Instant created;
    try {
      created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    } catch (RuntimeException e) {
      return false;
    }
    if (created.plus(CLAIM_GRACE).isBefore(clock.instant())) {
      return false;
    }
    String namespace = pod.getMetadata().getNamespace();
    for (String claim : info.claims()) {
      if (claims.getStore().getByKey(namespace + "/" + claim) == null) {
        try {
          return actions.claimStored(namespace, claim);
        } catch (BindActions.BindFailure e) {
          return false; // the read failed: decide on the informer, as without it
        }
      }
    }
    return false;
  }

  private void bind(PodInfo info, String node, VolumeConstraints vc) {
    Pod pod = info.pod();
    String key = info.key();
    try {
      if (!isLeader.getAsBoolean()) {
        cache.forget(info);
        return;
      }
      if (!vc.claimsToSelect().isEmpty()) {
        bindVolumes(pod, node, vc.claimsToSelect());
      }
      actions.bind(pod, node);
      unschedulable.remove(key);
      events.normal(pod, "Scheduled", "Successfully assigned " + pod.getMetadata().getNamespace() + "/"
          + pod.getMetadata().getName() + " to " + node);
      // No status write of our own: the binding sets PodScheduled=True in the same write, as
      // kube-apiserver's does, and kube-scheduler writes the condition only when a pod fails.
      log.atDebug().addKeyValue("pod", key).addKeyValue("node", node).log("bound");
    } catch (BindActions.BindFailure e) {
      cache.forget(info);
      if (e.code() != 404 && e.code() != 409) {
        log.atWarn().addKeyValue("pod", key).addKeyValue("node", node).addKeyValue("error", e.getMessage())
            .log("binding failed; will retry");
        queue.addRateLimited(key);
      }
    } catch (RuntimeException e) {
      cache.forget(info);
      log.atWarn().addKeyValue("pod", key).addKeyValue("node", node).addKeyValue("error", String.valueOf(e.getMessage()))
          .log("binding failed; will retry");
      queue.addRateLimited(key);
    }
  }

  /**
   * Annotates the pod's WaitForFirstConsumer claims with the node and waits until they are bound, as
   * kube-scheduler's VolumeBinding PreBind; the pod is bound only after its volumes.
   */
  private void bindVolumes(Pod pod, String node, List<String> names) {
    String namespace = pod.getMetadata().getNamespace();
    for (String claim : names) {
      actions.selectNode(namespace, claim, node);
    }
    Instant deadline = clock.instant().plus(volumeBindTimeout);
    while (!Volumes.allBound(namespace, names, claims.getStore()::getByKey)) {
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException("binding volumes: timed out waiting for the condition");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
  }

  private void failed(Pod pod, String message) {
    String key = Keys.of(pod);
    unschedulable.compute(key, (k, a) -> new Attempts(a == null ? 1 : a.count() + 1, clock.instant()));
    log.atDebug().addKeyValue("pod", key).addKeyValue("message", message).log("unschedulable");
    events.warning(pod, "FailedScheduling", message);
    PodConditions.Scheduled condition = PodConditions.unschedulable(pod, message, clock.instant());
    if (!PodConditions.has(pod, condition)) {
      writers.execute(() -> {
        try {
          if (isLeader.getAsBoolean()) {
            actions.setCondition(pod, condition);
          }
        } catch (RuntimeException e) {
          log.atDebug().addKeyValue("pod", key).addKeyValue("error", e.getMessage()).log("condition not written");
        }
      });
    }
  }

  /** Queues the unschedulable pods again, coalescing bursts of cluster events into one pass. */
  private void requestMove() {
    if (unschedulable.isEmpty() || !movePending.compareAndSet(false, true)) {
      return;
    }
    timers.schedule(() -> {
      movePending.set(false);
      Instant now = clock.instant();
      unschedulable.forEach((key, a) -> queue.addAfter(key, remainingBackoff(a, now)));
    }, 20, TimeUnit.MILLISECONDS);
  }

  private static Duration remainingBackoff(Attempts a, Instant now) {
    Duration backoff = INITIAL_BACKOFF.multipliedBy(1L << Math.min(a.count() - 1, 10));
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    Duration left = Duration.between(now, a.last().plus(backoff));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private void flushLeftovers() {
    Instant now = clock.instant();
    unschedulable.forEach((key, a) -> {
      if (a.last().plus(FLUSH_AFTER).isBefore(now)) {
        queue.add(key);
      }
    });
  }

  private void watchLeadership() {
    boolean leader = isLeader.getAsBoolean();
    if (leader && !wasLeader) {
      for (Pod pod : pods.getStore().list()) {
        if (needsScheduling(pod)) {
          queue.add(Keys.of(pod));
        }
      }
    }
    wasLeader = leader;
  }

  /** Returns the cache, for tests and diagnostics. */
  SchedulerCache cache() {
    return cache;
  }

  @Override
  public void close() {
    timers.shutdownNow();
    loop.close();
    registrations.forEach(SharedInformers.Registration::close);
    writers.shutdown();
    try {
      writers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close();
  }
}
