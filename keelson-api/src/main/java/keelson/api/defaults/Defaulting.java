package keelson.api.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import keelson.api.registry.ResourceType;

/**
 * Applies kube-apiserver's defaults for a kind, in place, as 1.32 does when it decodes a request:
 * only unset fields are filled, and nothing is added that Kubernetes would not add.
 */
public final class Defaulting {
  private Defaulting() {}

  /** Fills unset fields of {@code obj} with the defaults of its kind. */
  public static void apply(ResourceType type, ObjectNode obj) {
    switch (type.apiVersion() + "/" + type.kind()) {
      case "apps/v1/StatefulSet" -> WorkloadDefaults.statefulSet(obj);
      case "apps/v1/DaemonSet" -> WorkloadDefaults.daemonSet(obj);
      case "apps/v1/Deployment" -> WorkloadDefaults.deployment(obj);
      case "apps/v1/ReplicaSet" -> WorkloadDefaults.replicaSet(obj);
      case "v1/Pod" -> PodSpecDefaults.applyToPod(obj);
      case "v1/Service" -> ServiceDefaults.apply(obj);
      case "v1/PersistentVolumeClaim" -> StorageDefaults.claim(obj);
      case "v1/PersistentVolume" -> StorageDefaults.volume(obj);
      case "storage.k8s.io/v1/StorageClass" -> StorageDefaults.storageClass(obj);
      case "v1/Namespace" -> namespace(obj);
      case "v1/Node" -> node(obj);
      case "v1/Secret" -> secret(obj);
      case "v1/Endpoints" -> endpoints(obj);
      case "discovery.k8s.io/v1/EndpointSlice" -> endpointSlice(obj);
      default -> { }
    }
  }

  /**
   * Returns whether the defaults of a kind fill nothing outside its spec (pods: containers, DNS
   * and restart policy, security context, service links), so that a status write, which keeps
   * the stored spec, may skip them.
   */
  public static boolean fillsOnlySpec(ResourceType type) {
    return type.apiVersion().equals("v1") && type.kind().equals("Pod");
  }

  private static void namespace(ObjectNode ns) {
    Nodes.defaultText(Nodes.object(ns, "status"), "phase", "Active");
    // every named namespace carries its own name as a label, so selectors can pick namespaces
    String name = ns.path("metadata").path("name").asText("");
    if (!name.isEmpty()) {
      Nodes.object(Nodes.object(ns, "metadata"), "labels").put("kubernetes.io/metadata.name", name);
    }
  }

  private static void node(ObjectNode node) {
    ObjectNode status = Nodes.existing(node, "status");
    if (status != null && Nodes.unset(status, "allocatable") && !Nodes.unset(status, "capacity")) {
      status.set("allocatable", status.get("capacity").deepCopy());
    }
  }

  private static void secret(ObjectNode secret) {
    Nodes.defaultText(secret, "type", "Opaque");
    // stringData is write-only: decoding merges it into data (winning over data) and drops it
    ObjectNode stringData = Nodes.existing(secret, "stringData");
    if (stringData != null) {
      ObjectNode data = Nodes.object(secret, "data");
      for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it =
          stringData.fields(); it.hasNext(); ) {
        Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
        data.put(e.getKey(), Base64.getEncoder().encodeToString(
            e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      secret.remove("stringData");
    }
  }

  private static void endpoints(ObjectNode endpoints) {
    for (ObjectNode subset : Nodes.objects(endpoints, "subsets")) {
      for (ObjectNode port : Nodes.objects(subset, "ports")) {
        Nodes.defaultText(port, "protocol", "TCP");
      }
    }
  }

  private static void endpointSlice(ObjectNode slice) {
    // endpoints is not omitempty in the Go type: a slice without endpoints is written with
    // "endpoints": null, and the official clients treat the field as required.
    if (!slice.has("endpoints")) {
      slice.putNull("endpoints");
    }
    for (ObjectNode port : Nodes.objects(slice, "ports")) {
      if (Nodes.unset(port, "name")) {
        port.put("name", "");
      }
      Nodes.defaultText(port, "protocol", "TCP");
    }
  }
}
