package keelson.nodes.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import keelson.nodes.Fixtures;
import keelson.nodes.InMemoryCluster;
import keelson.nodes.cluster.ClusterView;
import keelson.nodes.ipam.CidrPool;
import keelson.nodes.ipam.PodCidrAllocator;
import keelson.nodes.ipam.PodIpRegistry;
import keelson.nodes.pods.PodTimings;
import org.junit.jupiter.api.Test;

class PodSimulatorTest {

  @Test
  void aStepComputedAgainFromAStaleCopyDoesNotRepeatItsEvents() {
    NodesSimulationTest.MutableClock clock = new NodesSimulationTest.MutableClock();
    InMemoryCluster cluster = new InMemoryCluster(clock);
    PodIpRegistry ips = new PodIpRegistry();
    NodeSimulator nodes = new NodeSimulator(cluster, cluster, clock, NodeProfile.defaults(),
        new PodCidrAllocator(new CidrPool("10.224.0.0/11", "10.244.0.0/24")), ips,
        Duration.ofSeconds(10), 40, Duration.ofMinutes(5));
    StaleView view = new StaleView(cluster);
    PodSimulator pods = new PodSimulator(view, cluster, clock, ips, PodTimings.defaults());
    nodes.ensureNodes(1);
    for (int i = 0; i < 3; i++) {
      cluster.nodes().forEach(n -> nodes.reconcile(n.getMetadata().getName()));
    }
    cluster.addPod(Fixtures.boundPod("web-0", "keelson-node-1", clock.instant()));

    // Step until the simulator is about to start the containers.
    Pod beforeStart = null;
    for (int i = 0; i < 20 && startedEvents(cluster) == 0; i++) {
      beforeStart = cluster.pod("default", "web-0");
      pods.reconcile("default", "web-0");
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(startedEvents(cluster)).isEqualTo(1);

    // Another writer changed the pod before the simulator's start showed up in its cache: the same
    // start is computed again and patched again, but the container started once.
    view.pin(new PodBuilder(beforeStart).editMetadata().withResourceVersion("999").addToLabels("touched", "yes")
        .endMetadata().build());
    pods.reconcile("default", "web-0");
    view.pin(null);

    assertThat(startedEvents(cluster)).isEqualTo(1);
    assertThat(cluster.events()).filteredOn(e -> e.startsWith("Pulled:")).hasSize(1);
  }

  private static long startedEvents(InMemoryCluster cluster) {
    return cluster.events().stream().filter(e -> e.startsWith("Started:")).count();
  }

  /** The cluster as an informer would show it, with one pod optionally replaced by an older copy. */
  private static final class StaleView implements ClusterView {
    private final InMemoryCluster cluster;
    private Pod pinned;

    StaleView(InMemoryCluster cluster) {
      this.cluster = cluster;
    }

    void pin(Pod pod) {
      pinned = pod;
    }

    @Override
    public Node node(String name) {
      return cluster.node(name);
    }

    @Override
    public List<Node> nodes() {
      return cluster.nodes();
    }

    @Override
    public Pod pod(String namespace, String name) {
      return pinned != null ? pinned : cluster.pod(namespace, name);
    }

    @Override
    public List<Pod> pods() {
      return cluster.pods();
    }

    @Override
    public List<Pod> podsOnNode(String nodeName) {
      return cluster.podsOnNode(nodeName);
    }

    @Override
    public Lease lease(String nodeName) {
      return cluster.lease(nodeName);
    }
  }
}
