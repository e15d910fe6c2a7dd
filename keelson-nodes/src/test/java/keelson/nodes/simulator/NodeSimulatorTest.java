package keelson.nodes.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import keelson.nodes.Faults;
import keelson.nodes.InMemoryCluster;
import keelson.nodes.ipam.CidrPool;
import keelson.nodes.ipam.PodCidrAllocator;
import keelson.nodes.ipam.PodIpRegistry;
import org.junit.jupiter.api.Test;

/** One simulated kubelet's heartbeats: the Lease every tick, node status only on change or when due. */
class NodeSimulatorTest {
  private static final String NODE = "keelson-node-1";

  private final NodesSimulationTest.MutableClock clock = new NodesSimulationTest.MutableClock();
  private final InMemoryCluster cluster = new InMemoryCluster(clock);
  private final NodeSimulator nodes = new NodeSimulator(cluster, cluster, clock, NodeProfile.defaults(),
      new PodCidrAllocator(new CidrPool("10.224.0.0/11", "10.244.0.0/24")), new PodIpRegistry(),
      Duration.ofSeconds(10), 40, Duration.ofMinutes(1));

  @Test
  void leaseTicksLeaveAnUnchangedNodeAloneButAFaultIsReportedAtOnce() {
    nodes.ensureNodes(1);
    for (int i = 0; i < 5; i++) {
      nodes.reconcile(NODE); // pod CIDR, registration labels, first status
    }
    assertThat(readyStatus()).isEqualTo("True");
    String settled = node().getMetadata().getResourceVersion();

    for (int tick = 1; tick <= 3; tick++) {
      clock.advance(Duration.ofSeconds(10));
      nodes.reconcile(NODE);
      assertThat(cluster.lease(NODE).getSpec().getRenewTime().toInstant()).isEqualTo(clock.instant());
    }
    assertThat(node().getMetadata().getResourceVersion()).as("no status posted within the interval")
        .isEqualTo(settled);

    cluster.annotateNode(NODE, Faults.NODE_READY, "false");
    clock.advance(Duration.ofSeconds(1));
    nodes.reconcile(NODE);
    assertThat(readyStatus()).as("a changed Node is looked at again before the status interval").isEqualTo("False");

    String notReady = node().getMetadata().getResourceVersion();
    clock.advance(Duration.ofSeconds(10));
    nodes.reconcile(NODE);
    assertThat(node().getMetadata().getResourceVersion()).isEqualTo(notReady);
    clock.advance(Duration.ofMinutes(1));
    nodes.reconcile(NODE);
    assertThat(node().getMetadata().getResourceVersion()).as("unchanged status is posted once the interval is up")
        .isNotEqualTo(notReady);
    assertThat(NodeStatuses.lastHeartbeat(node())).isEqualTo(clock.instant());
  }

  private Node node() {
    return cluster.node(NODE);
  }

  private String readyStatus() {
    return NodeStatuses.condition(node().getStatus(), "Ready").getStatus();
  }
}
