package keelson.nodes.cluster;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import keelson.controllers.runtime.ClientSerialization;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.WriteOnlyClient;
import keelson.nodes.pods.PodStatusPatch;

/**
 * {@link ClusterView} over three of the process's shared informers (all Nodes, all Pods indexed by
 * node, all Leases, of which it reads those in {@code kube-node-lease}) and {@link ClusterActions}
 * over the client. Create, add handlers, then {@link #start}. What the view returns is shared with
 * the other components: never mutate it.
 */
public final class Fabric8Cluster implements ClusterView, ClusterActions, AutoCloseable {
  public static final String LEASE_NAMESPACE = "kube-node-lease";
  private static final String BY_NODE = "spec.nodeName";
  /** The kubelet's field manager: its status writes show under this name in managedFields. */
  private static final String KUBELET = "kubelet";
  private static final String LEASES =
      WriteOnlyClient.collection("coordination.k8s.io", "v1", LEASE_NAMESPACE, "leases");

  private final KubernetesClient client;
  private final WriteOnlyClient writes;
  private final SharedInformers informers;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Lease> leases;
  private final List<SharedInformers.Registration> registrations = new CopyOnWriteArrayList<>();
  private final EventRecorder events;
  private final Clock clock;
  /** One recorder per simulated kubelet, so each reports its own host. */
  private final Map<String, EventRecorder> kubelets = new ConcurrentHashMap<>();
  /**
   * What the kubelets reported last, so that a status patch serializes one status, not two. A pod
   * needs its entry only until its next step, milliseconds later: 1,024 cover any burst of starts
   * while costing a few megabytes, not one entry per pod of a large cluster.
   */
  private final ReportedStatuses reported = new ReportedStatuses(1_024);

  public Fabric8Cluster(SharedInformers informers, Clock clock) {
    this.client = informers.client();
    this.writes = new WriteOnlyClient(client);
    this.informers = informers;
    this.nodes = informers.informer(Node.class);
    informers.index(Pod.class, BY_NODE, pod -> {
      String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      return node == null || node.isEmpty() ? List.of() : List.of(node);
    });
    this.pods = informers.informer(Pod.class);
    // Cluster-wide (the garbage collector watches every lease anyway); this view reads only kube-node-lease.
    this.leases = informers.informer(Lease.class);
    this.events = new EventRecorder(client, "node-controller", clock);
    this.clock = clock;
  }

  /** Adds a handler for Node events; the nodes already cached are replayed to it as additions. */
  public void onNodes(ResourceEventHandler<Node> handler) {
    registrations.add(informers.handle(Node.class, handler));
  }

  /** Adds a handler for Pod events; the pods already cached are replayed to it as additions. */
  public void onPods(ResourceEventHandler<Pod> handler) {
    registrations.add(informers.handle(Pod.class, handler));
  }

  /** Waits until the informers' caches are filled. */
  public void start() throws Exception {
    informers.awaitSynced(Duration.ofSeconds(60), Node.class, Pod.class, Lease.class);
  }

  // ---- view ------------------------------------------------------------------------------------

  @Override
  public Node node(String name) {
    return nodes.getStore().getByKey(name);
  }

  @Override
  public List<Node> nodes() {
    return nodes.getStore().list();
  }

  @Override
  public Pod pod(String namespace, String name) {
    return pods.getStore().getByKey(namespace + "/" + name);
  }

  @Override
  public List<Pod> pods() {
    return pods.getStore().list();
  }

  @Override
  public List<Pod> podsOnNode(String nodeName) {
    return pods.getIndexer().byIndex(BY_NODE, nodeName);
  }

  @Override
  public Lease lease(String nodeName) {
    return leases.getStore().getByKey(LEASE_NAMESPACE + "/" + nodeName);
  }

  // ---- actions ---------------------------------------------------------------------------------

  @Override
  public void createNode(Node node) {
    try {
      client.nodes().resource(node).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  @Override
  public void updateNode(Node node) {
    client.nodes().resource(node).update();
  }

  @Override
  public void updateNodeStatus(Node node) {
    client.nodes().resource(node).updateStatus();
  }

  @Override
  public void renewLease(Node node, Instant renewTime, int leaseDurationSeconds) {
    String name = node.getMetadata().getName();
    Lease cached = lease(name);
    if (cached == null) {
      try {
        client.leases().inNamespace(LEASE_NAMESPACE).resource(newLease(node, renewTime, leaseDurationSeconds)).create();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        cached = client.leases().inNamespace(LEASE_NAMESPACE).withName(name).get();
      }
    }
    try {
      // Every node renews every 10 s: a small patch, and the answer is not read, so not decoded.
      writes.mergePatch(WriteOnlyClient.object(LEASES, name, null),
          LeaseRenewal.patch(cached.getMetadata().getResourceVersion(), name, renewTime, leaseDurationSeconds));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      Lease fresh = client.leases().inNamespace(LEASE_NAMESPACE).withName(name).get();
      client.leases().inNamespace(LEASE_NAMESPACE).resource(renewed(fresh, name, renewTime, leaseDurationSeconds))
          .update();
    }
  }

  private static Lease newLease(Node node, Instant renewTime, int leaseDurationSeconds) {
    return new LeaseBuilder().withNewMetadata().withName(node.getMetadata().getName()).withNamespace(LEASE_NAMESPACE)
        .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(node.getMetadata().getName())
        .withUid(node.getMetadata().getUid()).endOwnerReference().endMetadata()
        .withNewSpec().withHolderIdentity(node.getMetadata().getName()).withLeaseDurationSeconds(leaseDurationSeconds)
        .withRenewTime(renewTime.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC)).endSpec().build();
  }

  private static Lease renewed(Lease lease, String holder, Instant renewTime, int leaseDurationSeconds) {
    return new LeaseBuilder(lease).withApiVersion("coordination.k8s.io/v1").withKind("Lease")
        .editOrNewSpec().withHolderIdentity(holder)
        .withLeaseDurationSeconds(leaseDurationSeconds)
        .withRenewTime(renewTime.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC)).endSpec().build();
  }

  @Override
  public void deleteLease(String nodeName) {
    client.leases().inNamespace(LEASE_NAMESPACE).withName(nodeName).delete();
  }

  @Override
  public void updatePodStatus(Pod pod) {
    // Its answer is not read, so not decoded.
    Pod body = pod.getApiVersion() == null || pod.getKind() == null
        ? new PodBuilder(pod).withApiVersion("v1").withKind("Pod").build() : pod;
    String pods = WriteOnlyClient.collection("", "v1", pod.getMetadata().getNamespace(), "pods");
    writes.replace(WriteOnlyClient.object(pods, pod.getMetadata().getName(), "status"), body);
  }

  @Override
  public void patchPodStatus(Pod pod, PodStatus status) {
    // The simulated kubelet's hottest write (two per pod): only the status is serialised, twice
    // (as seen, as reported), and only their difference is sent; the answer is not decoded.
    String uid = pod.getMetadata().getUid();
    ObjectNode before = pod.getStatus() == null ? JsonNodeFactory.instance.objectNode()
        : reported.treeOf(uid, pod.getStatus(), ClientSerialization::toTree);
    ObjectNode after = ClientSerialization.toTree(status);
    reported.reported(uid, status, after);
    String pods = WriteOnlyClient.collection("", "v1", pod.getMetadata().getNamespace(), "pods");
    writes.strategicMergePatch(WriteOnlyClient.object(pods, pod.getMetadata().getName(), "status"), KUBELET,
        PodStatusPatch.between(uid, before, after));
  }

  @Override
  public void deletePod(Pod pod, Long gracePeriodSeconds) {
    var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
    if (gracePeriodSeconds == null) {
      resource.delete();
    } else {
      resource.withGracePeriod(gracePeriodSeconds).delete();
    }
  }

  @Override
  public void kubeletEvent(String nodeName, ObjectReference reference, String type, String reason, String message) {
    EventRecorder kubelet = kubelets.computeIfAbsent(nodeName, name -> new EventRecorder(client, "kubelet", name, clock));
    if ("Warning".equals(type)) {
      kubelet.warning(reference, reason, message);
    } else {
      kubelet.normal(reference, reason, message);
    }
  }

  @Override
  public void event(HasMetadata object, String type, String reason, String message) {
    if ("Warning".equals(type)) {
      events.warning(object, reason, message);
    } else {
      events.normal(object, reason, message);
    }
  }

  @Override
  public void close() {
    registrations.forEach(SharedInformers.Registration::close);
    events.close();
    kubelets.values().forEach(EventRecorder::close);
  }
}
