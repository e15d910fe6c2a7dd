package keelson.bench.workloads;

import com.fasterxml.jackson.databind.JsonNode;

/** The manifests the scenarios create, and the status predicates they wait on. */
final class Manifests {
  static final String IMAGE = "registry.k8s.io/pause:3.9";

  private Manifests() {}

  static String namespace(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
  }

  /** A bare pod with one container and no nodeName, so the scheduler binds it. */
  static String pod(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
        + "\",\"labels\":{\"app\":\"wlbench\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\""
        + IMAGE + "\"}]}}";
  }

  /** A StatefulSet without volumeClaimTemplates; {@code policy} is Parallel or OrderedReady. */
  static String statefulSet(String name, int replicas, String policy) {
    return "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":{\"replicas\":" + replicas + ",\"serviceName\":\"" + name + "\",\"podManagementPolicy\":\""
        + policy + "\",\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},\"template\":{\"metadata\":"
        + "{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\""
        + IMAGE + "\"}]}}}}";
  }

  static String daemonSet(String name) {
    return "{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},\"template\":{\"metadata\":"
        + "{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\""
        + IMAGE + "\"}]}}}}";
  }

  /** Returns whether the object's {@code status.conditions} has {@code type} with status True. */
  static boolean isConditionTrue(JsonNode object, String type) {
    for (JsonNode condition : object.path("status").path("conditions")) {
      if (type.equals(condition.path("type").asText()) && "True".equals(condition.path("status").asText())) {
        return true;
      }
    }
    return false;
  }
}
