package keelson.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.Map;
import keelson.scheduler.cache.NodeInfo;

/** Object mother for nodes: a Ready node with 4 CPUs, 8Gi memory, 100Gi disk and 110 pods. */
public final class Nodes {
  private Nodes() {}

  /** Returns a builder for a ready node. */
  public static NodeBuilder readyBuilder(String name) {
    Map<String, Quantity> alloc = Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"),
        "ephemeral-storage", new Quantity("100Gi"), "pods", new Quantity("110"));
    return new NodeBuilder()
        .withNewMetadata().withName(name).withUid("uid-" + name)
        .addToLabels("kubernetes.io/hostname", name).endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus().withCapacity(alloc).withAllocatable(alloc)
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus();
  }

  public static Node ready(String name) {
    return readyBuilder(name).build();
  }

  public static NodeInfo info(String name) {
    return NodeInfo.of(ready(name));
  }

  public static NodeInfo info(Node node) {
    return NodeInfo.of(node);
  }

  /** Returns a ready node with these allocatable CPU, memory and pods. */
  public static Node sized(String name, String cpu, String memory, int pods) {
    Map<String, Quantity> alloc = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
        "ephemeral-storage", new Quantity("100Gi"), "pods", new Quantity(String.valueOf(pods)));
    return readyBuilder(name).editStatus().withAllocatable(alloc).withCapacity(alloc).endStatus().build();
  }

  public static Node labelled(String name, String key, String value) {
    return readyBuilder(name).editMetadata().addToLabels(key, value).endMetadata().build();
  }

  public static Node tainted(String name, String key, String value, String effect) {
    return readyBuilder(name).editSpec()
        .addToTaints(new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build())
        .endSpec().build();
  }

  public static Node cordoned(String name) {
    return readyBuilder(name).editSpec().withUnschedulable(true).endSpec().build();
  }
}
