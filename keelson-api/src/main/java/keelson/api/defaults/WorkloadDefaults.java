package keelson.api.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** apps/v1 defaults (SetDefaults_StatefulSet, _DaemonSet, _Deployment, _ReplicaSet). */
final class WorkloadDefaults {
  private WorkloadDefaults() {}

  static void statefulSet(ObjectNode obj) {
    ObjectNode spec = Nodes.object(obj, "spec");
    Nodes.defaultText(spec, "podManagementPolicy", "OrderedReady");
    ObjectNode strategy = Nodes.object(spec, "updateStrategy");
    if (Nodes.blank(strategy, "type")) {
      strategy.put("type", "RollingUpdate");
      Nodes.object(strategy, "rollingUpdate");
    }
    // An explicit RollingUpdate without a rollingUpdate block stays without one; kubectl's
    // rollout status then reports by revision rather than by partition.
    ObjectNode rolling = Nodes.existing(strategy, "rollingUpdate");
    if ("RollingUpdate".equals(strategy.path("type").asText()) && rolling != null
        && Nodes.unset(rolling, "partition")) {
      rolling.put("partition", 0);
    }
    ObjectNode retention = Nodes.object(spec, "persistentVolumeClaimRetentionPolicy");
    Nodes.defaultText(retention, "whenDeleted", "Retain");
    Nodes.defaultText(retention, "whenScaled", "Retain");
    if (Nodes.unset(spec, "replicas")) {
      spec.put("replicas", 1);
    }
    if (Nodes.unset(spec, "revisionHistoryLimit")) {
      spec.put("revisionHistoryLimit", 10);
    }
    PodSpecDefaults.applyToTemplate(spec);
    for (ObjectNode claim : Nodes.objects(spec, "volumeClaimTemplates")) {
      // stored with their type information, as kube-apiserver 1.32 returns them
      Nodes.defaultText(claim, "apiVersion", "v1");
      Nodes.defaultText(claim, "kind", "PersistentVolumeClaim");
      StorageDefaults.claim(claim);
    }
  }

  static void daemonSet(ObjectNode obj) {
    ObjectNode spec = Nodes.object(obj, "spec");
    ObjectNode strategy = Nodes.object(spec, "updateStrategy");
    Nodes.defaultText(strategy, "type", "RollingUpdate");
    if ("RollingUpdate".equals(strategy.path("type").asText())) {
      ObjectNode rolling = Nodes.object(strategy, "rollingUpdate");
      if (Nodes.unset(rolling, "maxUnavailable")) {
        rolling.put("maxUnavailable", 1);
      }
      if (Nodes.unset(rolling, "maxSurge")) {
        rolling.put("maxSurge", 0);
      }
    }
    if (Nodes.unset(spec, "revisionHistoryLimit")) {
      spec.put("revisionHistoryLimit", 10);
    }
    PodSpecDefaults.applyToTemplate(spec);
  }

  static void deployment(ObjectNode obj) {
    ObjectNode spec = Nodes.object(obj, "spec");
    if (Nodes.unset(spec, "replicas")) {
      spec.put("replicas", 1);
    }
    ObjectNode strategy = Nodes.object(spec, "strategy");
    Nodes.defaultText(strategy, "type", "RollingUpdate");
    if ("RollingUpdate".equals(strategy.path("type").asText())) {
      ObjectNode rolling = Nodes.object(strategy, "rollingUpdate");
      if (Nodes.unset(rolling, "maxUnavailable")) {
        rolling.put("maxUnavailable", "25%");
      }
      if (Nodes.unset(rolling, "maxSurge")) {
        rolling.put("maxSurge", "25%");
      }
    }
    if (Nodes.unset(spec, "revisionHistoryLimit")) {
      spec.put("revisionHistoryLimit", 10);
    }
    if (Nodes.unset(spec, "progressDeadlineSeconds")) {
      spec.put("progressDeadlineSeconds", 600);
    }
    PodSpecDefaults.applyToTemplate(spec);
  }

  static void replicaSet(ObjectNode obj) {
    ObjectNode spec = Nodes.object(obj, "spec");
    if (Nodes.unset(spec, "replicas")) {
      spec.put("replicas", 1);
    }
    PodSpecDefaults.applyToTemplate(spec);
  }
}
