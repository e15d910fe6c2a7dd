package keelson.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.SharedInformers;

/**
 * The Endpoints controller: keeps one {@code v1} Endpoints object per Service with a selector
 * (see {@link EndpointsPlanner}), deletes it when the Service goes, and leaves Services without a
 * selector alone. It acts only while {@code isLeader} is true.
 */
public final class EndpointsController implements AutoCloseable {
  private final KubernetesClient client;
  private final BooleanSupplier isLeader;
  private final ServiceWatcher watcher;
  private final SharedIndexInformer<Endpoints> endpoints;

  private EndpointsController(SharedInformers informers, BooleanSupplier isLeader, int workers) {
    this.client = informers.client();
    this.isLeader = isLeader;
    this.watcher = new ServiceWatcher("endpoints", informers, this::reconcile, workers);
    this.endpoints = watcher.watch(Endpoints.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(Endpoints ep) {}

      @Override
      public void onUpdate(Endpoints old, Endpoints cur) {
        watcher.queue.add(Keys.of(cur));
      }

      @Override
      public void onDelete(Endpoints ep, boolean unknownFinalState) {
        watcher.queue.add(Keys.of(ep));
      }
    });
  }

  /** Starts the controller; its workers act only while {@code isLeader} is true. */
  public static EndpointsController start(SharedInformers informers, Clock clock, BooleanSupplier isLeader,
      int workers) throws Exception {
    EndpointsController controller = new EndpointsController(informers, isLeader, workers);
    controller.watcher.start(isLeader);
    return controller;
  }

  private void reconcile(String key) {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    String namespace = Keys.namespace(key);
    String name = Keys.name(key);
    Service svc = watcher.service(key);
    Endpoints existing = endpoints.getIndexer().getByKey(key);
    if (svc == null) {
      if (existing != null) {
        try {
          client.endpoints().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
      }
      return;
    }
    if (ServicePods.selector(svc).isEmpty()) {
      return;
    }
    Endpoints desired = EndpointsPlanner.desired(svc, watcher.pods(namespace));
    if (existing == null) {
      try {
        client.endpoints().inNamespace(namespace).resource(desired).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        watcher.queue.addRateLimited(key); // exists already: the informer will show it
      }
    } else if (!EndpointsPlanner.current(existing, desired)) {
      client.endpoints().inNamespace(namespace).resource(EndpointsPlanner.asUpdate(existing, desired)).update();
    }
  }

  @Override
  public void close() {
    watcher.close();
  }
}
