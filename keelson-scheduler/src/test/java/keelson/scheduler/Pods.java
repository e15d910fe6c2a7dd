package keelson.scheduler;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import keelson.scheduler.cache.PodInfo;

/** Object mother for pods: a pending pod in {@code default} with one container requesting nothing. */
public final class Pods {
  private Pods() {}

  public static PodBuilder pendingBuilder(String name) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name).endMetadata()
        .withNewSpec().withSchedulerName("default-scheduler")
        .addNewContainer().withName("app").withImage("nginx").withNewResources().endResources().endContainer()
        .endSpec()
        .withNewStatus().withPhase("Pending").endStatus();
  }

  public static Pod pending(String name) {
    return pendingBuilder(name).build();
  }

  public static PodInfo info(Pod pod) {
    return PodInfo.of(pod);
  }

  public static PodInfo info(String name) {
    return PodInfo.of(pending(name));
  }

  /** Returns a pending pod requesting this CPU and memory (null for none). */
  public static Pod requesting(String name, String cpu, String memory) {
    Map<String, Quantity> requests = new java.util.HashMap<>();
    if (cpu != null) {
      requests.put("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      requests.put("memory", new Quantity(memory));
    }
    return pendingBuilder(name).editSpec().editFirstContainer().editResources().withRequests(requests)
        .endResources().endContainer().endSpec().build();
  }

  public static Pod withNodeSelector(String name, String key, String value) {
    return pendingBuilder(name).editSpec().addToNodeSelector(key, value).endSpec().build();
  }

  public static Pod requiringLabel(String name, String key, String operator, String... values) {
    return pendingBuilder(name).editSpec().withNewAffinity().withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addToNodeSelectorTerms(new NodeSelectorTermBuilder().addToMatchExpressions(
            new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator).withValues(List.of(values)).build())
            .build())
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
  }

  /** Returns a pod pinned the way the DaemonSet controller pins its pods. */
  public static Pod daemon(String name, String node) {
    return pendingBuilder(name).editSpec().withNewAffinity().withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addToNodeSelectorTerms(new NodeSelectorTermBuilder().addToMatchFields(
            new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator("In").withValues(node).build())
            .build())
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
  }

  public static Pod tolerating(String name, String key, String operator, String value, String effect) {
    return pendingBuilder(name).editSpec().addToTolerations(new TolerationBuilder()
        .withKey(key).withOperator(operator).withValue(value).withEffect(effect).build()).endSpec().build();
  }

  public static Pod withHostPort(String name, int port) {
    return pendingBuilder(name).editSpec().editFirstContainer()
        .addToPorts(new ContainerPortBuilder().withContainerPort(port).withHostPort(port).build())
        .endContainer().endSpec().build();
  }

  public static Pod ownedBy(Pod pod, String ownerUid) {
    return new PodBuilder(pod).editMetadata().addNewOwnerReference().withApiVersion("apps/v1")
        .withKind("ReplicaSet").withName("rs").withUid(ownerUid).withController(true).endOwnerReference()
        .endMetadata().build();
  }

  public static Pod boundTo(Pod pod, String node) {
    return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
  }
}
