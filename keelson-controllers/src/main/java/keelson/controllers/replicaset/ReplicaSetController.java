package keelson.controllers.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
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
import keelson.controllers.daemonset.DeletionsSeen;
import keelson.controllers.daemonset.Selectors;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.Expectations;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.LeadershipWatch;
import keelson.controllers.runtime.OwnerReferences;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.WorkQueue;

/** Wires the ReplicaSet controller: informers on replicasets and pods, a work queue, {@link ReplicaSetSync}. */
public final class ReplicaSetController implements AutoCloseable {
  private final WorkQueue queue = new WorkQueue("replicaset");
  private final Expectations expectations;
  private final DeletionsSeen deletions = new DeletionsSeen();
  private final BooleanSupplier isLeader;
  private final SharedIndexInformer<ReplicaSet> replicaSets;
  private final SharedIndexInformer<Pod> pods;
  private final List<SharedInformers.Registration> registrations = new ArrayList<>();
  private final EventRecorder events;
  private final ReplicaSetSync sync;
  private final ControllerLoop loop;
  private volatile LeadershipWatch leaderWatch;

  private ReplicaSetController(SharedInformers informers, Clock clock, BooleanSupplier isLeader, int workers) {
    KubernetesClient client = informers.client();
    this.isLeader = isLeader;
    this.expectations = new Expectations(clock);
    this.events = new EventRecorder(client, "replicaset-controller", clock);
    this.replicaSets = informers.informer(ReplicaSet.class);
    this.pods = informers.informer(Pod.class);
    this.sync = new ReplicaSetSync(new ReplicaSetCache() {
      @Override
      public Optional<ReplicaSet> replicaSet(String namespace, String name) {
        return Optional.ofNullable(replicaSets.getIndexer().getByKey(Keys.of(namespace, name)));
      }

      @Override
      public List<ReplicaSet> replicaSets(String namespace) {
        return replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
      }

      @Override
      public List<Pod> pods(String namespace) {
        return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
      }
    }, new ClientReplicaSetActions(client, events), expectations, clock);
    this.loop = new ControllerLoop("replicaset", queue, this::reconcile, workers);
    registrations.add(informers.handle(ReplicaSet.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(ReplicaSet rs) {
        queue.add(Keys.of(rs));
      }

      @Override
      public void onUpdate(ReplicaSet old, ReplicaSet cur) {
        queue.add(Keys.of(cur));
      }

      @Override
      public void onDelete(ReplicaSet rs, boolean unknownFinalState) {
        expectations.forget(Keys.of(rs));
        queue.add(Keys.of(rs));
      }
    }, Duration.ofMinutes(5)));
    registrations.add(informers.handle(Pod.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          terminating(pod);
          return;
        }
        Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
        if (ref.isPresent()) {
          resolve(pod, ref.get()).ifPresent(rs -> {
            expectations.creationObserved(Keys.of(rs));
            queue.add(Keys.of(rs));
          });
        } else {
          enqueueMatching(pod);
        }
      }

      @Override
      public void onUpdate(Pod old, Pod cur) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) {
          return;
        }
        if (cur.getMetadata().getDeletionTimestamp() != null) {
          terminating(cur);
          return;
        }
        Optional<OwnerReference> oldRef = OwnerReferences.controllerOf(old);
        Optional<OwnerReference> curRef = OwnerReferences.controllerOf(cur);
        if (oldRef.isPresent() && !oldRef.equals(curRef)) {
          resolve(old, oldRef.get()).ifPresent(rs -> queue.add(Keys.of(rs)));
        }
        if (curRef.isPresent()) {
          resolve(cur, curRef.get()).ifPresent(rs -> {
            queue.add(Keys.of(rs));
            Integer minReady = rs.getSpec().getMinReadySeconds();
            if (minReady != null && minReady > 0 && !keelson.controllers.daemonset.DaemonPods.isReady(old)
                && keelson.controllers.daemonset.DaemonPods.isReady(cur)) {
              queue.addAfter(Keys.of(rs), Duration.ofSeconds(minReady).plusSeconds(1));
            }
          });
        } else if (!Objects.equals(old.getMetadata().getLabels(), cur.getMetadata().getLabels()) || oldRef.isPresent()) {
          enqueueMatching(cur);
        }
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        boolean uncounted = deletions.deletedSeen(pod);
        OwnerReferences.controllerOf(pod).flatMap(ref -> resolve(pod, ref)).ifPresent(rs -> {
          if (uncounted) {
            expectations.deletionObserved(Keys.of(rs));
          }
          queue.add(Keys.of(rs));
        });
      }
    }));
  }

  /** Starts the controller; its workers act only while {@code isLeader} is true. */
  public static ReplicaSetController start(SharedInformers informers, Clock clock, BooleanSupplier isLeader,
      int workers) throws Exception {
    ReplicaSetController controller = new ReplicaSetController(informers, clock, isLeader, workers);
    informers.awaitSynced(Duration.ofSeconds(60), Pod.class, ReplicaSet.class);
    controller.loop.start();
    controller.leaderWatch = LeadershipWatch.start("replicaset", isLeader,
        () -> controller.replicaSets.getStore().list().forEach(rs -> controller.queue.add(Keys.of(rs))));
    return controller;
  }

  private void reconcile(String key) {
    if (isLeader.getAsBoolean()) {
      sync.reconcile(key).ifPresent(delay -> queue.addAfter(key, delay));
    }
  }

  private void terminating(Pod pod) {
    boolean first = deletions.terminatingSeen(pod);
    OwnerReferences.controllerOf(pod).flatMap(ref -> resolve(pod, ref)).ifPresent(rs -> {
      if (first) {
        expectations.deletionObserved(Keys.of(rs));
      }
      queue.add(Keys.of(rs));
    });
  }

  private Optional<ReplicaSet> resolve(Pod pod, OwnerReference ref) {
    if (!"ReplicaSet".equals(ref.getKind())) {
      return Optional.empty();
    }
    ReplicaSet rs = replicaSets.getIndexer().getByKey(Keys.of(pod.getMetadata().getNamespace(), ref.getName()));
    return rs != null && Objects.equals(rs.getMetadata().getUid(), ref.getUid()) ? Optional.of(rs) : Optional.empty();
  }

  private void enqueueMatching(Pod pod) {
    for (ReplicaSet rs : replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
      if (Selectors.matches(rs.getSpec().getSelector(), pod.getMetadata().getLabels())) {
        queue.add(Keys.of(rs));
      }
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
