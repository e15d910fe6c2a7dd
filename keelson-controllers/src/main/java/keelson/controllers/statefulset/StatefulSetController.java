package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.Expectations;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.LeadershipWatch;
import keelson.controllers.runtime.PermanentError;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.SyncPacer;
import keelson.controllers.runtime.WorkQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The StatefulSet controller's wiring (upstream's {@code stateful_set.go}): the shared informers'
 * events become {@code namespace/name} keys of owning sets ({@link StatefulSetEventHandlers}), a
 * work queue feeds workers, and each key is synced by {@link StatefulSetSync} (adopt and release,
 * {@link StatefulSetPlanner}, then {@link PodActions}). The handlers queue keys through a
 * {@link SyncPacer}, so a burst of pod events of a large set becomes a few syncs, not one each.
 *
 * <p>It acts only while {@code isLeader} answers true; on becoming leader it queues every set.
 */
public final class StatefulSetController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatefulSetController.class);
  /** Where the handlers resolve owners and matching sets. */
  private final StatefulSetCache cache;
  private final BooleanSupplier isLeader;
  /** Creations and deletions asked for and not yet seen in the cache, per set key. */
  private final Expectations expectations;
  private final StatefulSetSync sync;
  /** How to look at a key again later (the work queue's addAfter, or a test's recorder). */
  private final BiConsumer<String, Duration> requeue;

  /** Spaces out the syncs of one set (production only; null: every event queues the key at once). */
  private volatile SyncPacer pacer;

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
    this.isLeader = isLeader;
    this.expectations = new Expectations(clock);
    this.sync = new StatefulSetSync(cache, actions, clock, expectations);
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
    // A set's sync walks all of its pods; pacing folds the pod events of a burst into fewer syncs.
    controller.pacer = SyncPacer.forQueue(queue);
    StatefulSetEventHandlers handlers = controller.handlers(controller.pacer::enqueue);
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
    LeadershipWatch leadership = LeadershipWatch.start("statefulset", isLeader,
        () -> cache.sets.getStore().list().forEach(set -> queue.add(Keys.of(set))));
    controller.closeables.add(recorder);
    controller.closeables.addAll(registrations);
    controller.closeables.add(loop);
    controller.closeables.add(leadership);
    return controller;
  }

  /**
   * Brings one set (by key) toward its spec while this instance is the leader; see
   * {@link StatefulSetSync#reconcile}.
   *
   * @throws Exception to be retried with back-off (an action failed); a {@link PermanentError} for
   *     an unusable selector
   */
  public void reconcile(String key) throws Exception {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    SyncPacer paced = pacer;
    if (paced == null) {
      sync.reconcile(key).ifPresent(delay -> requeue.accept(key, delay));
      return;
    }
    paced.sync(key, walked -> sync.reconcile(key, walked).ifPresent(delay -> requeue.accept(key, delay)));
  }

  /** Returns handlers feeding the given enqueue function (tests drive events by hand through them). */
  StatefulSetEventHandlers handlers(Consumer<String> enqueue) {
    return new StatefulSetEventHandlers(cache, expectations, enqueue);
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
