package keelson.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.UUID;

/** Object mothers for nodes and pods. */
public final class Fixtures {
  private Fixtures() {}

  /** A reporting node with a pod CIDR and an InternalIP. */
  public static Node node(String name, String podCidr, String ip) {
    return new NodeBuilder().withNewMetadata().withName(name).withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString())
        .withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
        .withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
        .addNewCondition().withType("Ready").withStatus("True").withLastHeartbeatTime("2025-01-01T00:00:00Z")
        .endCondition().endStatus().build();
  }

  /** A pod bound to a node as the API server and scheduler leave it: Pending, PodScheduled True. */
  public static Pod boundPod(String name, String nodeName, Instant created) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
        .withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString()).withCreationTimestamp(Times.format(created))
        .endMetadata()
        .withNewSpec().withNodeName(nodeName).addNewContainer().withName("nginx")
        .withImage("registry.k8s.io/nginx-slim:0.24").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").withQosClass("BestEffort").addNewCondition().withType("PodScheduled")
        .withStatus("True").withLastTransitionTime(Times.format(created)).endCondition().endStatus().build();
  }
}
