package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Object mothers for DaemonSet tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private Fixtures() {}

  static Node node(String name, Map<String, String> labels, Taint... taints) {
    return new NodeBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
        .withLabels(new LinkedHashMap<>(labels)).endMetadata()
        .withNewSpec().withTaints(new ArrayList<>(List.of(taints))).endSpec().build();
  }

  static Node node(String name, Taint... taints) {
    return node(name, Map.of("kubernetes.io/hostname", name), taints);
  }

  static Taint taint(String key, String effect) {
    return new TaintBuilder().withKey(key).withEffect(effect).build();
  }

  static Taint taint(String key, String value, String effect) {
    return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
  }

  /** A DaemonSet "agent" in namespace default with selector/labels app=agent, default RollingUpdate. */
  static DaemonSet daemonSet() {
    return new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("default").withUid("ds-uid")
        .withGeneration(1L).addToAnnotations(DaemonPods.TEMPLATE_GENERATION_ANNOTATION, "1").endMetadata()
        .withNewSpec()
        .withNewSelector().addToMatchLabels("app", "agent").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
        .withNewSpec().withContainers(new ContainerBuilder().withName("agent").withImage("agent:1").build()).endSpec()
        .endTemplate()
        .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(1)).withMaxSurge(new IntOrString(0)).endRollingUpdate().endUpdateStrategy()
        .withRevisionHistoryLimit(10)
        .endSpec().build();
  }

  static DaemonSet withImage(DaemonSet ds, String image, long generation) {
    DaemonSet copy = DaemonPods.copy(ds);
    copy.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
    copy.getMetadata().setGeneration(generation);
    copy.getMetadata().getAnnotations().put(DaemonPods.TEMPLATE_GENERATION_ANNOTATION, Long.toString(generation));
    return copy;
  }

  static DaemonSet withRolling(DaemonSet ds, IntOrString maxUnavailable, IntOrString maxSurge) {
    DaemonSet copy = DaemonPods.copy(ds);
    copy.getSpec().getUpdateStrategy().getRollingUpdate().setMaxUnavailable(maxUnavailable);
    copy.getSpec().getUpdateStrategy().getRollingUpdate().setMaxSurge(maxSurge);
    return copy;
  }

  static DaemonSet onDelete(DaemonSet ds) {
    DaemonSet copy = DaemonPods.copy(ds);
    copy.getSpec().getUpdateStrategy().setType("OnDelete");
    copy.getSpec().getUpdateStrategy().setRollingUpdate(null);
    return copy;
  }

  /** A daemon pod of {@code ds} bound to {@code node}, created at {@code created}, Running and Ready. */
  static Pod runningPod(DaemonSet ds, String hash, String name, String node, Instant created) {
    Pod pod = DaemonPods.newPod(ds, hash, node);
    pod.getMetadata().setName(name);
    pod.getMetadata().setGenerateName(null);
    pod.getMetadata().setUid("uid-" + name);
    pod.getMetadata().setCreationTimestamp(created.toString());
    pod.getSpec().setNodeName(node);
    pod.setStatus(new PodStatusBuilder().withPhase("Running")
        .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
            .withLastTransitionTime(created.toString()).build()).build());
    return pod;
  }

  static Pod withPhase(Pod pod, String phase) {
    Pod copy = DaemonPods.copy(pod);
    copy.getStatus().setPhase(phase);
    if (!"Running".equals(phase)) {
      copy.getStatus().setConditions(List.of());
    }
    return copy;
  }

  static Pod notReady(Pod pod) {
    Pod copy = DaemonPods.copy(pod);
    copy.getStatus().getConditions().get(0).setStatus("False");
    return copy;
  }

  static Pod terminating(Pod pod) {
    Pod copy = DaemonPods.copy(pod);
    copy.getMetadata().setDeletionTimestamp(T0.toString());
    return copy;
  }
}
