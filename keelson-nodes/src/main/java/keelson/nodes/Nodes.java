package keelson.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.SharedInformers;
import keelson.nodes.cluster.Fabric8Cluster;
import keelson.nodes.ipam.CidrPool;
import keelson.nodes.ipam.PodCidrAllocator;
import keelson.nodes.ipam.PodIpRegistry;
import keelson.nodes.lifecycle.NodeLifecycleController;
import keelson.nodes.pods.PodLifecycle;
import keelson.nodes.podgc.PodGcController;
import keelson.nodes.simulator.NodeSimulator;
import keelson.nodes.simulator.PodSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node components, started together: simulated kubelets (nodes and pods), pod CIDR allocation,
 * node lifecycle with taint eviction, and pod GC. Informers run everywhere; only while
 * {@code isLeader} is true does anything write. On becoming leader, every node and pod is looked
 * at again.
 */
public final class Nodes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Nodes.class);
  /** Node creations in flight at once when registering: thousands of nodes in seconds, not minutes. */
  private static final int REGISTRATION_PARALLELISM = 16;

  private final Fabric8Cluster cluster;
  private final KeyedLoop nodeLoop;
  private final KeyedLoop lifecycleLoop;
  private final KeyedLoop podLoop;
  private final ScheduledExecutorService ticker;

  private Nodes(Fabric8Cluster cluster, KeyedLoop nodeLoop, KeyedLoop lifecycleLoop, KeyedLoop podLoop,
      ScheduledExecutorService ticker) {
    this.cluster = cluster;
    this.nodeLoop = nodeLoop;
    this.lifecycleLoop = lifecycleLoop;
    this.podLoop = podLoop;
    this.ticker = ticker;
  }

  /** Starts everything with Kubernetes' defaults for {@code count} nodes; always the leader. */
  public static Nodes start(SharedInformers informers, int count, Clock clock) throws Exception {
    return start(informers, NodesConfig.defaults(count), clock, () -> true);
  }

  /** Starts everything with Kubernetes' defaults for {@code count} nodes, acting only while leader. */
  public static Nodes start(SharedInformers informers, int count, Clock clock, BooleanSupplier isLeader)
      throws Exception {
    return start(informers, NodesConfig.defaults(count), clock, isLeader);
  }

  /**
   * Starts the informers (waiting for their caches), the loops and the leader watch.
   *
   * @throws Exception if the informers cannot list within a minute
   */
  public static Nodes start(SharedInformers informers, NodesConfig config, Clock clock, BooleanSupplier isLeader)
      throws Exception {
    Fabric8Cluster cluster = new Fabric8Cluster(informers, clock);
    PodIpRegistry podIps = new PodIpRegistry();
    PodCidrAllocator cidrs = new PodCidrAllocator(new CidrPool(config.clusterCidr(), config.firstPodCidr()));
    NodeSimulator nodes = new NodeSimulator(cluster, cluster, clock, config.profile(), cidrs, podIps,
        config.leaseInterval(), config.leaseDurationSeconds(), config.statusInterval());
    PodSimulator pods = new PodSimulator(cluster, cluster, clock, podIps, config.podTimings(), config.podDns().open());
    NodeLifecycleController lifecycle = new NodeLifecycleController(cluster, cluster, clock,
        config.nodeMonitorGracePeriod(), config.defaultTolerationSeconds());
    PodGcController podGc = new PodGcController(cluster, cluster, clock, config.podGcQuarantine());

    KeyedLoop nodeLoop = new KeyedLoop("node-simulator", config.nodeWorkers(), clock,
        key -> isLeader.getAsBoolean() ? nodes.reconcile(key) : null);
    KeyedLoop lifecycleLoop = new KeyedLoop("node-lifecycle", 1, clock,
        key -> isLeader.getAsBoolean() ? lifecycle.reconcile(key) : null);
    KeyedLoop podLoop = new KeyedLoop("pod-simulator", config.podWorkers(), clock,
        key -> isLeader.getAsBoolean() ? pods.reconcile(Keys.namespace(key), Keys.name(key)) : null);

    cluster.onNodes(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        nodes.observe(node); // before queueing, so the reconcile finds the allocator up to date
        nodeLoop.add(node.getMetadata().getName());
        lifecycleLoop.add(node.getMetadata().getName());
      }

      @Override
      public void onUpdate(Node old, Node node) {
        onAdd(node);
        // Pods wait for their node's pod CIDR and address; hand them back once both are there.
        boolean cidrAppeared = podCidr(old) == null && podCidr(node) != null;
        boolean ipAppeared = PodLifecycle.hostIp(old) == null && PodLifecycle.hostIp(node) != null;
        if (cidrAppeared || ipAppeared || !Objects.equals(old.getMetadata().getAnnotations(),
            node.getMetadata().getAnnotations())) {
          cluster.podsOnNode(node.getMetadata().getName()).forEach(p -> podLoop.add(Keys.of(p)));
        }
      }

      @Override
      public void onDelete(Node node, boolean unknownFinalState) {
        nodes.observeDeleted(node);
        nodeLoop.add(node.getMetadata().getName());
      }
    });
    cluster.onPods(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        pods.observe(pod); // keeps the node's addresses in use current, before the pod is queued
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
          return;
        }
        podLoop.add(Keys.of(pod));
        Node node = cluster.node(nodeName);
        if (node != null && node.getSpec() != null && node.getSpec().getTaints() != null
            && node.getSpec().getTaints().stream().anyMatch(t -> "NoExecute".equals(t.getEffect()))) {
          lifecycleLoop.add(nodeName);
        }
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        onAdd(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        pods.forget(pod);
      }
    });
    cluster.start();
    nodeLoop.start();
    lifecycleLoop.start();
    podLoop.start();

    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("nodes-ticker").daemon().factory());
    Nodes started = new Nodes(cluster, nodeLoop, lifecycleLoop, podLoop, ticker);
    boolean[] acting = {false};
    ticker.scheduleWithFixedDelay(() -> {
      boolean leader = isLeader.getAsBoolean();
      try {
        if (leader && !acting[0]) {
          nodes.ensureNodes(config.count(), REGISTRATION_PARALLELISM);
          started.resync();
          pods.forgetAllBut(started.podUids());
          log.atInfo().addKeyValue("nodes", config.count()).log("node simulator acting as leader");
        }
        acting[0] = leader;
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("error", e.getMessage()).log("could not register nodes; retrying");
      }
    }, 0, 1, TimeUnit.SECONDS);
    long gcMillis = config.podGcPeriod().toMillis();
    ticker.scheduleWithFixedDelay(() -> {
      if (isLeader.getAsBoolean()) {
        try {
          podGc.runOnce();
        } catch (RuntimeException e) {
          log.atWarn().addKeyValue("error", e.getMessage()).log("pod GC pass failed");
        }
      }
    }, gcMillis, gcMillis, TimeUnit.MILLISECONDS);
    return started;
  }

  /** Queues every node and every bound pod (after becoming leader). */
  private void resync() {
    for (Node node : cluster.nodes()) {
      nodeLoop.add(node.getMetadata().getName());
      lifecycleLoop.add(node.getMetadata().getName());
    }
    for (Pod pod : cluster.pods()) {
      if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
        podLoop.add(Keys.of(pod));
      }
    }
  }

  private Set<String> podUids() {
    Set<String> uids = new HashSet<>();
    cluster.pods().forEach(p -> uids.add(p.getMetadata().getUid()));
    return uids;
  }

  private static String podCidr(Node node) {
    return node.getSpec() == null ? null : node.getSpec().getPodCIDR();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    podLoop.close();
    lifecycleLoop.close();
    nodeLoop.close();
    cluster.close();
  }
}
