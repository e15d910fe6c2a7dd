package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import keelson.controllers.daemonset.Selectors;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.LeadershipWatch;
import keelson.controllers.runtime.OwnerReferences;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.WorkQueue;

/**
 * Wires the Deployment controller: informers on deployments, replicasets and pods, a work queue of
 * deployment keys, {@link DeploymentSync}. ReplicaSet events go to their controlling deployment
 * (orphans to every deployment selecting them); a pod's deletion wakes a Recreate deployment.
 */
public final class DeploymentController implements AutoCloseable {
  private final WorkQueue queue = new WorkQueue("deployment");
  private final BooleanSupplier isLeader;
  private final SharedIndexInformer<Deployment> deployments;
  private final SharedIndexInformer<ReplicaSet> replicaSets;
  private final SharedIndexInformer<Pod> pods;
  private final List<SharedInformers.Registration> registrations = new ArrayList<>();
  private final EventRecorder events;
  private final DeploymentSync sync;
  private final ControllerLoop loop;
  private volatile LeadershipWatch leaderWatch;

  private DeploymentController(SharedInformers informers, Clock clock, BooleanSupplier isLeader, int workers) {
    KubernetesClient client = informers.client();
    this.isLeader = isLeader;
    this.events = new EventRecorder(client, "deployment-controller", clock);
    this.deployments = informers.informer(Deployment.class);
    this.replicaSets = informers.informer(ReplicaSet.class);
    this.pods = informers.informer(Pod.class);
    this.sync = new DeploymentSync(new DeploymentCache() {
      @Override
      public Optional<Deployment> deployment(String namespace, String name) {
        return Optional.ofNullable(deployments.getIndexer().getByKey(Keys.of(namespace, name)));
      }

      @Override
      public List<ReplicaSet> replicaSets(String namespace) {
        return replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
      }

      @Override
      public List<Pod> pods(String namespace) {
        return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
      }
    }, new ClientDeploymentActions(client, events), clock);
    this.loop = new ControllerLoop("deployment", queue, this::reconcile, workers);
    registrations.add(informers.handle(Deployment.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment d) {
        queue.add(Keys.of(d));
      }

      @Override
      public void onUpdate(Deployment old, Deployment cur) {
        queue.add(Keys.of(cur));
      }

      @Override
      public void onDelete(Deployment d, boolean unknownFinalState) {
        queue.add(Keys.of(d));
      }
    }, Duration.ofMinutes(5)));
    registrations.add(informers.handle(ReplicaSet.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(ReplicaSet rs) {
        Optional<OwnerReference> ref = OwnerReferences.controllerOf(rs);
        if (ref.isPresent()) {
          resolve(rs.getMetadata().getNamespace(), ref.get()).ifPresent(d -> queue.add(Keys.of(d)));
        } else {
          enqueueSelecting(rs);
        }
      }

      @Override
      public void onUpdate(ReplicaSet old, ReplicaSet cur) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) {
          return;
        }
        Optional<OwnerReference> oldRef = OwnerReferences.controllerOf(old);
        Optional<OwnerReference> curRef = OwnerReferences.controllerOf(cur);
        if (oldRef.isPresent() && !oldRef.equals(curRef)) {
          resolve(old.getMetadata().getNamespace(), oldRef.get()).ifPresent(d -> queue.add(Keys.of(d)));
        }
        if (curRef.isPresent()) {
          resolve(cur.getMetadata().getNamespace(), curRef.get()).ifPresent(d -> queue.add(Keys.of(d)));
        } else if (!Objects.equals(old.getMetadata().getLabels(), cur.getMetadata().getLabels()) || oldRef.isPresent()) {
          enqueueSelecting(cur);
        }
      }

      @Override
      public void onDelete(ReplicaSet rs, boolean unknownFinalState) {
        OwnerReferences.controllerOf(rs).flatMap(ref -> resolve(rs.getMetadata().getNamespace(), ref))
            .ifPresent(d -> queue.add(Keys.of(d)));
      }
    }));
    registrations.add(informers.handle(Pod.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {}

      @Override
      public void onUpdate(Pod old, Pod cur) {}

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        // Only Recreate waits on pods: it scales the new set up once the old pods are gone.
        deploymentOf(pod).filter(d -> !DeploymentPlanner.isRollingUpdate(d)).ifPresent(d -> queue.add(Keys.of(d)));
      }
    }));
  }

  /** Starts the controller; its workers act only while {@code isLeader} is true. */
  public static DeploymentController start(SharedInformers informers, Clock clock, BooleanSupplier isLeader,
      int workers) throws Exception {
    DeploymentController controller = new DeploymentController(informers, clock, isLeader, workers);
    informers.awaitSynced(Duration.ofSeconds(60), Pod.class, ReplicaSet.class, Deployment.class);
    controller.loop.start();
    controller.leaderWatch = LeadershipWatch.start("deployment", isLeader,
        () -> controller.deployments.getStore().list().forEach(d -> controller.queue.add(Keys.of(d))));
    return controller;
  }

  private void reconcile(String key) {
    if (isLeader.getAsBoolean()) {
      sync.reconcile(key).ifPresent(delay -> queue.addAfter(key, delay));
    }
  }

  private Optional<Deployment> resolve(String namespace, OwnerReference ref) {
    if (!"Deployment".equals(ref.getKind())) {
      return Optional.empty();
    }
    Deployment d = deployments.getIndexer().getByKey(Keys.of(namespace, ref.getName()));
    return d != null && Objects.equals(d.getMetadata().getUid(), ref.getUid()) ? Optional.of(d) : Optional.empty();
  }

  private Optional<Deployment> deploymentOf(Pod pod) {
    return OwnerReferences.controllerOf(pod).filter(ref -> "ReplicaSet".equals(ref.getKind()))
        .map(ref -> replicaSets.getIndexer().getByKey(Keys.of(pod.getMetadata().getNamespace(), ref.getName())))
        .filter(rs -> Objects.equals(rs.getMetadata().getUid(), OwnerReferences.controllerOf(pod).get().getUid()))
        .flatMap(rs -> OwnerReferences.controllerOf(rs).flatMap(ref -> resolve(rs.getMetadata().getNamespace(), ref)));
  }

  private void enqueueSelecting(ReplicaSet rs) {
    for (Deployment d : deployments.getIndexer().byIndex(Cache.NAMESPACE_INDEX, rs.getMetadata().getNamespace())) {
      if (!Selectors.isEmpty(d.getSpec().getSelector())
          && Selectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabels())) {
        queue.add(Keys.of(d));
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
