package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.util.Map;

/** Object mothers: the tutorial's StatefulSet and pod states. */
final class StatefulSets {
  static final String NS = "default";

  private StatefulSets() {}

  /** The tutorial set: web, serviceName nginx, app=nginx, one nginx container, claim template www. */
  static StatefulSet web(int replicas, String policy) {
    return new StatefulSetBuilder()
        .withApiVersion("apps/v1").withKind("StatefulSet")
        .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName("nginx")
        .withPodManagementPolicy(policy)
        .withNewSelector().withMatchLabels(Map.of("app", "nginx")).endSelector()
        .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0).endRollingUpdate()
        .endUpdateStrategy()
        .withRevisionHistoryLimit(10)
        .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Retain").withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewTemplate()
        .withNewMetadata().withLabels(Map.of("app", "nginx")).endMetadata()
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName("nginx").withImage("registry.k8s.io/nginx-slim:0.24").build())
        .withTerminationGracePeriodSeconds(10L)
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder()
            .withNewMetadata().withName("www").endMetadata()
            .withNewSpec().withAccessModes("ReadWriteOnce")
            .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources()
            .endSpec().build())
        .endSpec()
        .build();
  }

  static StatefulSet withImage(StatefulSet set, String image) {
    StatefulSet copy = new StatefulSetBuilder(set).build();
    copy.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
    return copy;
  }

  static PodCondition ready(boolean ready, Instant since) {
    return new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
        .withLastTransitionTime(since.toString()).build();
  }
}
