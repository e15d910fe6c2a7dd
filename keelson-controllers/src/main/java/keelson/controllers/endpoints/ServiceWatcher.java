package keelson.controllers.endpoints;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.LeadershipWatch;
import keelson.controllers.runtime.Reconciler;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.WorkQueue;

/**
 * What both endpoint controllers share: handlers on the shared Service and pod informers that
 * queue the key of every Service a change may concern (a pod's Services are those whose selector
 * matches its old or new labels), a work loop, and a full re-queue on becoming leader.
 */
final class ServiceWatcher implements AutoCloseable {
  final WorkQueue queue;
  final SharedIndexInformer<Service> services;
  final SharedIndexInformer<Pod> pods;
  private final ControllerLoop loop;
  private final SharedInformers informers;
  private final List<Class<? extends HasMetadata>> kinds = new ArrayList<>();
  private final List<SharedInformers.Registration> registrations = new ArrayList<>();
  private final String name;
  private volatile LeadershipWatch leadership;

  ServiceWatcher(String name, SharedInformers informers, Reconciler reconciler, int workers) {
    this.name = name;
    this.queue = new WorkQueue(name);
    this.informers = informers;
    this.services = informers.informer(Service.class);
    this.pods = informers.informer(Pod.class);
    this.loop = new ControllerLoop(name, queue, reconciler, workers);
    watch(Service.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(Service svc) {
        queue.add(Keys.of(svc));
      }

      @Override
      public void onUpdate(Service old, Service cur) {
        queue.add(Keys.of(cur));
      }

      @Override
      public void onDelete(Service svc, boolean unknownFinalState) {
        queue.add(Keys.of(svc));
      }
    });
    watch(Pod.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        enqueueFor(pod, null);
      }

      @Override
      public void onUpdate(Pod old, Pod cur) {
        if (!Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) {
          enqueueFor(cur, old);
        }
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        enqueueFor(pod, null);
      }
    });
  }

  /**
   * Registers a handler of the controller's on a kind's shared informer; {@link #start} waits for
   * that informer too, and {@link #close} removes the handler. Returns the informer.
   */
  <T extends HasMetadata> SharedIndexInformer<T> watch(Class<T> type, ResourceEventHandler<? super T> handler) {
    kinds.add(type);
    registrations.add(informers.handle(type, handler));
    return informers.informer(type);
  }

  @SuppressWarnings("unchecked")
  void start(BooleanSupplier isLeader) throws Exception {
    informers.awaitSynced(Duration.ofSeconds(60), kinds.toArray(Class[]::new));
    loop.start();
    leadership = LeadershipWatch.start(name, isLeader,
        () -> services.getStore().list().forEach(svc -> queue.add(Keys.of(svc))));
  }

  Service service(String key) {
    return services.getIndexer().getByKey(key);
  }

  List<Pod> pods(String namespace) {
    return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  private void enqueueFor(Pod pod, Pod old) {
    String namespace = pod.getMetadata().getNamespace();
    for (Service svc : services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
      Map<String, String> selector = ServicePods.selector(svc).orElse(null);
      if (selector == null) {
        continue;
      }
      if (ServicePods.selects(selector, pod.getMetadata().getLabels())
          || old != null && ServicePods.selects(selector, old.getMetadata().getLabels())) {
        queue.add(Keys.of(svc));
      }
    }
  }

  @Override
  public void close() {
    if (leadership != null) {
      leadership.close();
    }
    loop.close();
    registrations.forEach(SharedInformers.Registration::close);
  }
}
