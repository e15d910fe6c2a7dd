package keelson.nodes.simulator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import keelson.controllers.runtime.EventRecorder;
import keelson.nodes.Faults;
import keelson.nodes.cluster.ClusterActions;
import keelson.nodes.cluster.ClusterView;
import keelson.nodes.ipam.Ipv4;
import keelson.nodes.ipam.PodCidrAllocator;
import keelson.nodes.ipam.PodIpRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated kubelets of all Nodes (and the nodeipam controller): registers
 * {@code keelson-node-1..N}, adopts every Node not annotated {@code keelson.dev/simulated: "false"},
 * assigns pod CIDRs, renews each node's Lease every {@code leaseInterval} and posts node status
 * every {@code statusInterval} or on change.
 *
 * <p>{@link #reconcile} handles one node and returns when it wants to look at it again; the caller
 * keeps one timer queue for all nodes, so a thousand nodes cost a thousand queue entries, not
 * threads.
 */
public final class NodeSimulator {
  /** The prefix of the nodes the simulator registers itself. */
  public static final String NODE_PREFIX = "keelson-node-";
  private static final Logger log = LoggerFactory.getLogger(NodeSimulator.class);
  private static final long NODE_IP_BASE = Ipv4.parse("172.18.0.0");
  private static final long NODE_IP_FALLBACK = Ipv4.parse("172.19.0.0");

  private final ClusterView view;
  private final ClusterActions actions;
  private final Clock clock;
  private final NodeProfile profile;
  private final PodCidrAllocator cidrs;
  private final PodIpRegistry podIps;
  private final Duration leaseInterval;
  private final int leaseDurationSeconds;
  private final Duration statusInterval;
  private final Map<String, Instant> renewed = new ConcurrentHashMap<>();
  private final Map<String, Instant> posted = new ConcurrentHashMap<>();
  /**
   * Per node, the resourceVersion at which its status was last found as it should be: until the
   * Node changes, a lease tick need not work out the desired status again (only its heartbeat
   * times would differ, which alone are posted every {@code statusInterval}).
   */
  private final Map<String, String> settledAt = new ConcurrentHashMap<>();
  private volatile boolean seeded;

  public NodeSimulator(ClusterView view, ClusterActions actions, Clock clock, NodeProfile profile,
      PodCidrAllocator cidrs, PodIpRegistry podIps, Duration leaseInterval, int leaseDurationSeconds,
      Duration statusInterval) {
    this.view = view;
    this.actions = actions;
    this.clock = clock;
    this.profile = profile;
    this.cidrs = cidrs;
    this.podIps = podIps;
    this.leaseInterval = leaseInterval;
    this.leaseDurationSeconds = leaseDurationSeconds;
    this.statusInterval = statusInterval;
  }

  /**
   * Creates {@code keelson-node-1..count} where missing; existing ones (any server's) are kept.
   * Up to {@code parallelism} creations are in flight at once, submitted in name order so that
   * registration order stays close to name order; the first failure is thrown after all finished.
   */
  public void ensureNodes(int count, int parallelism) {
    seedAllocator();
    List<Node> missing = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String name = NODE_PREFIX + i;
      if (view.node(name) != null) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Node node = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
          .withNewSpec().endSpec().build();
      labels.putAll(NodeStatuses.missingLabels(node, profile));
      missing.add(node);
    }
    cidrs.reserve(missing.stream().map(n -> n.getMetadata().getName()).toList());
    if (parallelism <= 1 || missing.size() <= 1) {
      missing.forEach(actions::createNode);
      return;
    }
    Semaphore inFlight = new Semaphore(parallelism);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Node node : missing) {
        inFlight.acquireUninterruptibly();
        if (failure.get() != null) {
          inFlight.release();
          break; // the API refuses: stop early, the caller retries the rest later
        }
        executor.submit(() -> {
          try {
            actions.createNode(node);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          } finally {
            inFlight.release();
          }
        });
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** Creates the missing nodes one at a time (deterministic, for simulations). */
  public void ensureNodes(int count) {
    ensureNodes(count, 1);
  }

  /**
   * Tells the pod CIDR allocator about a Node as the watch delivers it (every add and update, in
   * order), so that allocation never needs a pass over all Nodes.
   */
  public void observe(Node node) {
    cidrs.observe(node.getMetadata().getName(), node.getMetadata().getUid(),
        node.getMetadata().getCreationTimestamp(), podCidr(node));
  }

  /**
   * Shows the allocator every cached Node once, before its first decision: the watch handlers may
   * still be delivering the initial list when the cache already holds it, and a block in use must
   * never look free. Later changes arrive through {@link #observe}.
   */
  private void seedAllocator() {
    if (!seeded) {
      synchronized (this) {
        if (!seeded) {
          view.nodes().forEach(this::observe);
          seeded = true;
        }
      }
    }
  }

  /** Tells the pod CIDR allocator that a Node is gone. */
  public void observeDeleted(Node node) {
    cidrs.forget(node.getMetadata().getName());
  }

  /**
   * Brings one node up to date and returns when to look again (null: only on change).
   *
   * @throws RuntimeException when a write fails; the caller retries with back-off
   */
  public Instant reconcile(String name) {
    Node node = view.node(name);
    if (node == null) {
      forget(name);
      return null;
    }
    Instant now = clock.instant();
    String cidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
    if (cidr == null || cidr.isEmpty()) {
      seedAllocator();
      if (!cidrs.knows(name)) {
        observe(node); // normally the watch handler was first; this covers callers without one
      }
      Optional<String> assigned = cidrs.cidrFor(name);
      if (assigned.isEmpty()) {
        actions.event(node, "Normal", "CIDRNotAvailable",
            "Node " + name + " status is now: CIDRNotAvailable");
        return null;
      }
      Node copy = new NodeBuilder(node).editOrNewSpec().withPodCIDR(assigned.get())
          .withPodCIDRs(List.of(assigned.get())).endSpec().build();
      if (Faults.isSimulated(node)) {
        copy.getMetadata().setLabels(withMissingLabels(node));
      }
      actions.updateNode(copy);
      log.atDebug().addKeyValue("node", name).addKeyValue("podCIDR", assigned.get()).log("pod CIDR assigned");
      return null; // the watch event of this write brings the node back; sooner would only conflict
    }
    if (!Faults.isSimulated(node)) {
      return null;
    }
    if (!NodeStatuses.missingLabels(node, profile).isEmpty() || !hasAttachDetachAnnotation(node)) {
      Node copy = new NodeBuilder(node).build();
      copy.getMetadata().setLabels(withMissingLabels(node));
      Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? new HashMap<>()
          : new HashMap<>(node.getMetadata().getAnnotations());
      // The kubelet announces at registration that the attach/detach controller manages its volumes.
      annotations.putIfAbsent(ATTACH_DETACH_ANNOTATION, "true");
      copy.getMetadata().setAnnotations(annotations);
      actions.updateNode(copy);
      return null; // as above: the update event brings it back
    }
    if (Faults.isHeartbeatStopped(node)) {
      return null; // removing the annotation is a Node change, which brings the node back here
    }
    Lease lease = view.lease(name);
    Instant lastRenew = latest(renewed.get(name),
        lease == null || lease.getSpec().getRenewTime() == null ? null : lease.getSpec().getRenewTime().toInstant());
    if (lastRenew == null || !lastRenew.plus(leaseInterval).isAfter(now)) {
      actions.renewLease(node, now, leaseDurationSeconds);
      renewed.put(name, now);
      lastRenew = now;
    }
    Instant lastPost = latest(posted.get(name), NodeStatuses.lastHeartbeat(node));
    boolean postDue = lastPost == null || !lastPost.plus(statusInterval).isAfter(now);
    String version = node.getMetadata().getResourceVersion();
    if (!postDue && version != null && version.equals(settledAt.get(name))) {
      return earlier(lastRenew.plus(leaseInterval), lastPost.plus(statusInterval));
    }
    NodeStatus desired = NodeStatuses.desired(node, profile, nodeIp(name, cidr), now);
    if (!postDue && !NodeStatuses.differs(node.getStatus(), desired)) {
      if (version != null) {
        settledAt.put(name, version);
      }
    } else {
      Node copy = new NodeBuilder(node).withStatus(desired).build();
      actions.updateNodeStatus(copy);
      posted.put(name, now);
      for (KubeletEvents.Event event : KubeletEvents.forNodeStatus(name, node.getStatus(), desired)) {
        actions.kubeletEvent(name, EventRecorder.kubeletNodeReference(name), event.type(), event.reason(),
            event.message());
      }
      lastPost = now;
    }
    return earlier(lastRenew.plus(leaseInterval), lastPost.plus(statusInterval));
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Returns the InternalIP of a node: 172.18.0.2 upward by pod CIDR position, never contacted. */
  public String nodeIp(String name, String podCidr) {
    int index = cidrs.indexOf(podCidr);
    if (index >= 0) {
      return Ipv4.format(NODE_IP_BASE + 2 + index);
    }
    return Ipv4.format(NODE_IP_FALLBACK + 2 + Math.floorMod(name.hashCode(), 65_000));
  }

  static final String ATTACH_DETACH_ANNOTATION = "volumes.kubernetes.io/controller-managed-attach-detach";

  private static boolean hasAttachDetachAnnotation(Node node) {
    return node.getMetadata().getAnnotations() != null
        && node.getMetadata().getAnnotations().containsKey(ATTACH_DETACH_ANNOTATION);
  }

  private Map<String, String> withMissingLabels(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels() == null ? new HashMap<>()
        : new HashMap<>(node.getMetadata().getLabels());
    labels.putAll(NodeStatuses.missingLabels(node, profile));
    return labels;
  }

  private void forget(String name) {
    renewed.remove(name);
    posted.remove(name);
    settledAt.remove(name);
    cidrs.forget(name);
    podIps.releaseNode(name);
    if (view.lease(name) != null) {
      actions.deleteLease(name);
    }
  }

  private static String podCidr(Node node) {
    return node.getSpec() == null ? null : node.getSpec().getPodCIDR();
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
