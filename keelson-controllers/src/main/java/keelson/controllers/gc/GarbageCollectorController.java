package keelson.controllers.gc;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.LeadershipWatch;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.WorkQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the garbage collector: discovery, an informer per served kind feeding the graph (the
 * shared typed one for built-in kinds, a generic one of its own for custom resources), two work
 * queues (delete checks, orphaning) with their worker loops, and a leadership watch that
 * re-examines the graph when this instance starts leading.
 */
final class GarbageCollectorController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GarbageCollectorController.class);
  /** Many workers: background deletion of a set's pods goes out concurrently, not one by one. */
  private static final int DELETE_WORKERS = 16;
  private static final int ORPHAN_WORKERS = 4;
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private final SharedInformers shared;
  private final KubernetesClient client;
  private final BooleanSupplier isLeader;
  private final WorkQueue deleteQueue = new WorkQueue("gc-delete");
  private final WorkQueue orphanQueue = new WorkQueue("gc-orphan");
  /** What the collector watches: the shared typed informers of built-in kinds, its own for the rest. */
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> ownInformers = new ArrayList<>();
  private final List<SharedInformers.Registration> registrations = new CopyOnWriteArrayList<>();
  private final List<ControllerLoop> loops = new ArrayList<>();
  private volatile GarbageCollector collector;
  private volatile boolean closed;
  private volatile LeadershipWatch leadership;

  private GarbageCollectorController(SharedInformers shared, BooleanSupplier isLeader) {
    this.shared = shared;
    this.client = shared.client();
    this.isLeader = isLeader;
  }

  static GarbageCollector start(SharedInformers shared, Clock clock, BooleanSupplier isLeader) {
    GarbageCollectorController controller = new GarbageCollectorController(shared, isLeader);
    GarbageCollector.Queues queues = new GarbageCollector.Queues() {
      @Override
      public void attemptToDelete(String uid) {
        controller.deleteQueue.add(uid);
      }

      @Override
      public void attemptToOrphan(String uid) {
        controller.orphanQueue.add(uid);
      }
    };
    GarbageCollectorActions actions = new LazyActions(controller);
    GarbageCollector collector = new GarbageCollector(actions, queues, isLeader);
    controller.collector = collector;
    collector.setWiring(controller);
    Thread.ofVirtual().name("gc-start").start(controller::run);
    return collector;
  }

  private volatile GarbageCollectorActions actions;

  private void run() {
    ResourceCatalog catalog = null;
    long delayMillis = 200;
    while (!closed && catalog == null) {
      try {
        catalog = ResourceCatalog.discover(client);
      } catch (RuntimeException e) {
        log.atDebug().addKeyValue("error", e.getMessage()).log("discovery failed; retrying");
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException ie) {
          return;
        }
        delayMillis = Math.min(delayMillis * 2, 5_000);
      }
    }
    if (closed) {
      return;
    }
    actions = new ClientGarbageCollectorActions(client, catalog);
    for (ResourceCatalog.Resource resource : catalog.resources()) {
      try {
        watch(resource);
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("resource", resource.plural()).addKeyValue("error", e.getMessage())
            .log("cannot watch resource; its objects are not collected");
      }
    }
    long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
    while (!closed && System.nanoTime() < deadline && !informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
    log.atInfo().addKeyValue("resources", informers.size()).addKeyValue("objects", collector.graph().size())
        .log("garbage collector graph synced");
    loops.add(new ControllerLoop("gc-delete", deleteQueue, collector::attemptToDelete, DELETE_WORKERS));
    loops.add(new ControllerLoop("gc-orphan", orphanQueue, collector::attemptToOrphan, ORPHAN_WORKERS));
    loops.forEach(ControllerLoop::start);
    // On becoming leader the whole graph is examined again: as a follower the collector only observed.
    leadership = LeadershipWatch.start("gc", isLeader, collector::resync);
    if (closed) {
      leadership.close(); // closed while starting
    }
  }

  /**
   * Watches one resource: a built-in kind through the process's shared typed informer (the collector
   * needs only metadata, and the other components cache those kinds anyway), any other (custom
   * resources) through a generic informer of its own.
   */
  private void watch(ResourceCatalog.Resource resource) {
    Optional<Class<? extends HasMetadata>> model = BuiltinResources.find(resource.group(), resource.version(),
        resource.plural()).map(ResourceType::model).filter(HasMetadata.class::isAssignableFrom)
        .map(c -> c.asSubclass(HasMetadata.class));
    if (model.isPresent()) {
      watchShared(model.get(), resource);
      return;
    }
    SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(resource.context())
        .inAnyNamespace().inform(handler(resource), 0);
    ownInformers.add(informer);
    informers.add(informer);
  }

  private <T extends HasMetadata> void watchShared(Class<T> type, ResourceCatalog.Resource resource) {
    registrations.add(shared.handle(type, handler(resource)));
    informers.add(shared.informer(type));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(ResourceCatalog.Resource resource) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        collector.observed(GraphNode.of(obj, resource.apiVersion(), resource.kind()));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        collector.observed(GraphNode.of(newObj, resource.apiVersion(), resource.kind()));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        collector.removed(GraphNode.of(obj, resource.apiVersion(), resource.kind()));
      }
    };
  }

  @Override
  public void close() {
    closed = true;
    LeadershipWatch watch = leadership;
    if (watch != null) {
      watch.close();
    }
    loops.forEach(ControllerLoop::close);
    deleteQueue.close();
    orphanQueue.close();
    registrations.forEach(SharedInformers.Registration::close);
    ownInformers.forEach(SharedIndexInformer::close);
  }

  /** Actions that exist once discovery has run; workers only start after that. */
  private record LazyActions(GarbageCollectorController controller) implements GarbageCollectorActions {
    private GarbageCollectorActions target() {
      GarbageCollectorActions a = controller.actions;
      if (a == null) {
        throw new IllegalStateException("garbage collector not started yet");
      }
      return a;
    }

    @Override
    public java.util.Optional<GraphNode> get(ObjectRef ref) {
      return target().get(ref);
    }

    @Override
    public void delete(ObjectRef ref, String propagationPolicy) {
      target().delete(ref, propagationPolicy);
    }

    @Override
    public void updateOwnerReferences(ObjectRef ref,
        java.util.function.UnaryOperator<List<io.fabric8.kubernetes.api.model.OwnerReference>> change) {
      target().updateOwnerReferences(ref, change);
    }

    @Override
    public void removeFinalizer(ObjectRef ref, String finalizer) {
      target().removeFinalizer(ref, finalizer);
    }
  }
}
