package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.Expectations;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.LeadershipWatch;
import keelson.controllers.runtime.OwnerReferences;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.SyncPacer;
import keelson.controllers.runtime.WorkQueue;

/**
 * Wires the DaemonSet controller: the shared informers of daemonsets, pods, nodes and controllerrevisions;
 * handlers that map events to DaemonSet keys and count expectations down; a work queue, paced by
 * {@link SyncPacer}; and workers running {@link DaemonSetSync} while this instance is the leader.
 */
public final class DaemonSetController implements AutoCloseable {
  private static final Duration RESYNC = Duration.ofMinutes(5);

  private final WorkQueue queue = new WorkQueue("daemonset");
  private final Expectations expectations;
  private final DeletionsSeen deletions = new DeletionsSeen();
  private final BooleanSupplier isLeader;
  private final SharedIndexInformer<DaemonSet> daemonSets;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<ControllerRevision> revisions;
  private final List<SharedInformers.Registration> registrations = new ArrayList<>();
  private final EventRecorder events;
  private final DaemonSetSync sync;
  private final ControllerLoop loop;
  /** Folds the pod events of a large set into few syncs: each sync plans over every node. */
  private final SyncPacer pacer = SyncPacer.forQueue(queue);
  private volatile LeadershipWatch leaderWatch;

  private DaemonSetController(SharedInformers informers, Clock clock, BooleanSupplier isLeader, int workers) {
    KubernetesClient client = informers.client();
    this.isLeader = isLeader;
    this.expectations = new Expectations(clock);
    this.events = new EventRecorder(client, "daemonset-controller", clock);
    this.daemonSets = informers.informer(DaemonSet.class);
    this.pods = informers.informer(Pod.class);
    this.nodes = informers.informer(Node.class);
    this.revisions = informers.informer(ControllerRevision.class);
    this.sync = new DaemonSetSync(new InformerCache(), new ClientDaemonSetActions(client, events), expectations,
        new FailedPodBackoff(), clock, true);
    this.loop = new ControllerLoop("daemonset", queue, this::reconcile, workers);
    registrations.add(informers.handle(DaemonSet.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(DaemonSet ds) {
        enqueue(ds);
      }

      @Override
      public void onUpdate(DaemonSet old, DaemonSet cur) {
        enqueue(cur);
      }

      @Override
      public void onDelete(DaemonSet ds, boolean unknownFinalState) {
        expectations.forget(Keys.of(ds));
        enqueue(ds);
      }
    }, RESYNC));
    registrations.add(informers.handle(Pod.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        podAdded(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod cur) {
        podUpdated(old, cur);
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        podDeleted(pod);
      }
    }));
    registrations.add(informers.handle(Node.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        for (DaemonSet ds : daemonSets.getStore().list()) {
          if (DaemonSetPlanner.shouldRun(node, ds).shouldRun()) {
            enqueue(ds);
          }
        }
      }

      @Override
      public void onUpdate(Node old, Node cur) {
        if (Objects.equals(old.getMetadata().getLabels(), cur.getMetadata().getLabels())
            && Objects.equals(taints(old), taints(cur))) {
          return; // only label and taint changes can change which sets belong on the node
        }
        for (DaemonSet ds : daemonSets.getStore().list()) {
          if (!DaemonSetPlanner.shouldRun(old, ds).equals(DaemonSetPlanner.shouldRun(cur, ds))) {
            enqueue(ds);
          }
        }
      }

      @Override
      public void onDelete(Node node, boolean unknownFinalState) {
        // Not upstream (which waits for the pod GC): the desired count drops at once (§2.6).
        daemonSets.getStore().list().forEach(DaemonSetController.this::enqueue);
      }
    }));
  }

  /**
   * Starts the controller: informers synced, then {@code workers} workers that act only while
   * {@code isLeader} is true; on becoming leader every DaemonSet is queued again.
   */
  public static DaemonSetController start(SharedInformers informers, Clock clock, BooleanSupplier isLeader,
      int workers) throws Exception {
    DaemonSetController controller = new DaemonSetController(informers, clock, isLeader, workers);
    informers.awaitSynced(Duration.ofSeconds(60), Node.class, ControllerRevision.class, Pod.class, DaemonSet.class);
    controller.loop.start();
    controller.leaderWatch = LeadershipWatch.start("daemonset", isLeader,
        () -> controller.daemonSets.getStore().list().forEach(controller::enqueue));
    return controller;
  }

  private void reconcile(String key) throws Exception {
    if (!isLeader.getAsBoolean()) {
      return; // the leader watch re-queues everything when leadership arrives
    }
    pacer.sync(key, walked -> sync.reconcile(key, walked).ifPresent(delay -> queue.addAfter(key, delay)));
  }

  private void enqueue(HasMetadata ds) {
    pacer.enqueue(Keys.of(ds));
  }

  private static List<?> taints(Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
  }

  /** Returns the DaemonSet a controller reference points to, if it is in the cache with that uid. */
  private Optional<DaemonSet> resolve(String namespace, OwnerReference ref) {
    if (!"DaemonSet".equals(ref.getKind()) || ref.getApiVersion() == null || !ref.getApiVersion().startsWith("apps/")) {
      return Optional.empty();
    }
    DaemonSet ds = daemonSets.getIndexer().getByKey(Keys.of(namespace, ref.getName()));
    return ds != null && Objects.equals(ds.getMetadata().getUid(), ref.getUid()) ? Optional.of(ds) : Optional.empty();
  }

  private void enqueueMatching(Pod pod) {
    for (DaemonSet ds : daemonSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
      if (Selectors.matches(ds.getSpec().getSelector(), pod.getMetadata().getLabels())) {
        enqueue(ds);
      }
    }
  }

  private void podAdded(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      podTerminating(pod); // restarted controller: a pod already being deleted counts as a deletion
      return;
    }
    Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
    if (ref.isPresent()) {
      resolve(pod.getMetadata().getNamespace(), ref.get()).ifPresent(ds -> {
        String key = Keys.of(ds);
        expectations.creationObserved(key);
        if (expectations.satisfied(key)) {
          // The last creation the set waited for: its next burst goes out now, not at the end of a
          // pause (a DaemonSet on 5,000 nodes creates in ten bursts of 500).
          queue.add(key);
        } else {
          enqueue(ds);
        }
      });
      return;
    }
    enqueueMatching(pod);
  }

  private void podUpdated(Pod old, Pod cur) {
    if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) {
      return; // periodic resync
    }
    if (cur.getMetadata().getDeletionTimestamp() != null) {
      podTerminating(cur); // graceful deletion started: the deletion we asked for is observed
      return;
    }
    Optional<OwnerReference> curRef = OwnerReferences.controllerOf(cur);
    Optional<OwnerReference> oldRef = OwnerReferences.controllerOf(old);
    if (oldRef.isPresent() && !oldRef.equals(curRef)) {
      resolve(old.getMetadata().getNamespace(), oldRef.get()).ifPresent(this::enqueue);
    }
    if (curRef.isPresent()) {
      resolve(cur.getMetadata().getNamespace(), curRef.get()).ifPresent(ds -> {
        enqueue(ds);
        Integer minReady = ds.getSpec().getMinReadySeconds();
        if (minReady != null && minReady > 0 && !DaemonPods.isReady(old) && DaemonPods.isReady(cur)) {
          queue.addAfter(Keys.of(ds), Duration.ofSeconds(minReady));
        }
      });
      return;
    }
    if (!Objects.equals(old.getMetadata().getLabels(), cur.getMetadata().getLabels()) || oldRef.isPresent()) {
      enqueueMatching(cur);
    }
  }

  private void podTerminating(Pod pod) {
    boolean first = deletions.terminatingSeen(pod);
    OwnerReferences.controllerOf(pod).flatMap(ref -> resolve(pod.getMetadata().getNamespace(), ref))
        .ifPresent(ds -> {
          if (first) {
            expectations.deletionObserved(Keys.of(ds));
          }
          enqueue(ds);
        });
  }

  private void podDeleted(Pod pod) {
    boolean uncounted = deletions.deletedSeen(pod);
    OwnerReferences.controllerOf(pod).flatMap(ref -> resolve(pod.getMetadata().getNamespace(), ref))
        .ifPresent(ds -> {
          if (uncounted) {
            expectations.deletionObserved(Keys.of(ds));
          }
          enqueue(ds);
        });
  }

  /** Lister views over the informer stores. */
  private final class InformerCache implements DaemonSetCache {
    @Override
    public Optional<DaemonSet> daemonSet(String namespace, String name) {
      return Optional.ofNullable(daemonSets.getIndexer().getByKey(Keys.of(namespace, name)));
    }

    @Override
    public List<Node> nodes() {
      return nodes.getStore().list();
    }

    @Override
    public List<Pod> pods(String namespace) {
      return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    @Override
    public List<ControllerRevision> revisions(String namespace) {
      return revisions.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }
  }

  @Override
  public void close() {
    if (leaderWatch != null) {
      leaderWatch.close();
    }
    loop.close();
    registrations.forEach(SharedInformers.Registration::close);
    events.close();
  }
}
