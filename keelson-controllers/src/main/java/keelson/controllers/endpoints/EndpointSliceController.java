package keelson.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.SharedInformers;

/**
 * The EndpointSlice controller: keeps the slices of every Service with a selector (see {@link
 * EndpointSlicePlanner}), deletes them when the Service goes, and leaves Services without a
 * selector (and ExternalName Services) alone. It acts only while {@code isLeader} is true.
 *
 * <p>Like upstream's slice tracker, it remembers what it wrote last and waits for its informer to
 * show those writes before planning that Service again, so a lagging cache never makes it create a
 * slice twice.
 */
public final class EndpointSliceController implements AutoCloseable {
  private static final Duration CACHE_WAIT = Duration.ofMillis(50);
  private static final String ZONE = "topology.kubernetes.io/zone";

  private final KubernetesClient client;
  private final BooleanSupplier isLeader;
  private final ServiceWatcher watcher;
  private final SharedIndexInformer<EndpointSlice> slices;
  private final SharedIndexInformer<Node> nodes;
  private final EndpointSlicePlanner planner = new EndpointSlicePlanner();
  /** Service key → slice name → resourceVersion written (null: deleted), until the cache shows it. */
  private final Map<String, Map<String, Long>> written = new ConcurrentHashMap<>();

  private EndpointSliceController(SharedInformers informers, BooleanSupplier isLeader, int workers) {
    this.client = informers.client();
    this.isLeader = isLeader;
    this.watcher = new ServiceWatcher("endpointslice", informers, this::reconcile, workers);
    this.slices = watcher.watch(EndpointSlice.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(EndpointSlice slice) {
        enqueue(slice);
      }

      @Override
      public void onUpdate(EndpointSlice old, EndpointSlice cur) {
        enqueue(cur);
      }

      @Override
      public void onDelete(EndpointSlice slice, boolean unknownFinalState) {
        enqueue(slice);
      }
    });
    this.nodes = watcher.watch(Node.class, new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {}

      @Override
      public void onUpdate(Node old, Node cur) {
        if (!Objects.equals(zone(old), zone(cur))) {
          watcher.services.getStore().list().forEach(svc -> watcher.queue.add(Keys.of(svc)));
        }
      }

      @Override
      public void onDelete(Node node, boolean unknownFinalState) {}
    });
  }

  /** Starts the controller; its workers act only while {@code isLeader} is true. */
  public static EndpointSliceController start(SharedInformers informers, Clock clock, BooleanSupplier isLeader,
      int workers) throws Exception {
    EndpointSliceController controller = new EndpointSliceController(informers, isLeader, workers);
    controller.watcher.start(isLeader);
    return controller;
  }

  private void enqueue(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    if (labels != null && ServicePods.CONTROLLER.equals(labels.get(ServicePods.MANAGED_BY))
        && labels.get(ServicePods.SERVICE_NAME) != null) {
      watcher.queue.add(Keys.of(slice.getMetadata().getNamespace(), labels.get(ServicePods.SERVICE_NAME)));
    }
  }

  private static String zone(Node node) {
    return node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(ZONE);
  }

  private List<EndpointSlice> managed(String namespace, String service) {
    return slices.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
        .filter(s -> s.getMetadata().getLabels() != null
            && service.equals(s.getMetadata().getLabels().get(ServicePods.SERVICE_NAME))
            && ServicePods.CONTROLLER.equals(s.getMetadata().getLabels().get(ServicePods.MANAGED_BY)))
        .toList();
  }

  /** Returns whether the informer shows every write made for this Service. */
  private boolean cacheCaughtUp(String key) {
    Map<String, Long> mine = written.get(key);
    if (mine == null) {
      return true;
    }
    String namespace = Keys.namespace(key);
    synchronized (mine) {
      for (Iterator<Map.Entry<String, Long>> it = mine.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Long> entry = it.next();
        EndpointSlice cached = slices.getIndexer().getByKey(Keys.of(namespace, entry.getKey()));
        boolean seen = entry.getValue() == null ? cached == null
            : cached != null && revision(cached) >= entry.getValue();
        if (seen) {
          it.remove();
        }
      }
      return mine.isEmpty();
    }
  }

  private void remember(String key, String slice, Long revision) {
    Map<String, Long> mine = written.computeIfAbsent(key, k -> new HashMap<>());
    synchronized (mine) {
      mine.put(slice, revision);
    }
  }

  private static long revision(EndpointSlice slice) {
    try {
      return Long.parseLong(slice.getMetadata().getResourceVersion());
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private void reconcile(String key) {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    if (!cacheCaughtUp(key)) {
      watcher.queue.addAfter(key, CACHE_WAIT);
      return;
    }
    String namespace = Keys.namespace(key);
    String name = Keys.name(key);
    Service svc = watcher.service(key);
    List<EndpointSlice> existing = managed(namespace, name);
    if (svc == null) {
      for (EndpointSlice slice : existing) {
        delete(key, slice);
      }
      return;
    }
    if (ServicePods.selector(svc).isEmpty() || "ExternalName".equals(svc.getSpec().getType())) {
      return;
    }
    Map<String, String> zones = new HashMap<>();
    for (Node node : nodes.getStore().list()) {
      String zone = zone(node);
      if (zone != null) {
        zones.put(node.getMetadata().getName(), zone);
      }
    }
    EndpointSlicePlanner.Plan plan = planner.plan(svc, watcher.pods(namespace), existing, zones);
    for (EndpointSlice slice : plan.update()) {
      EndpointSlice stored = client.discovery().v1().endpointSlices().inNamespace(namespace).resource(slice).update();
      remember(key, stored.getMetadata().getName(), revision(stored));
    }
    for (EndpointSlice slice : plan.create()) {
      EndpointSlice stored = client.discovery().v1().endpointSlices().inNamespace(namespace).resource(slice).create();
      remember(key, stored.getMetadata().getName(), revision(stored));
    }
    for (EndpointSlice slice : plan.delete()) {
      delete(key, slice);
    }
  }

  private void delete(String key, EndpointSlice slice) {
    try {
      client.discovery().v1().endpointSlices().inNamespace(slice.getMetadata().getNamespace())
          .withName(slice.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    remember(key, slice.getMetadata().getName(), null);
  }

  @Override
  public void close() {
    watcher.close();
  }
}
