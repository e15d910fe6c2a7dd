package keelson.api.schema;

import java.util.List;
import java.util.Map;

/**
 * Fields Kubernetes' OpenAPI marks as required, for the types users write most often.
 *
 * <p>Written by hand from the non-{@code omitempty}, non-{@code +optional} fields of the v1.32 Go
 * types; fabric8's classes do not say which fields are required. Used for OpenAPI's {@code required}
 * (and so {@code kubectl explain}'s {@code -required-} marks), not for validation, which lives in
 * {@code keelson.api.validation}.
 */
final class RequiredFields {
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String APPS = "io.k8s.api.apps.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  private static final List<String> TYPE_AND_STATUS = List.of("type", "status");

  private static final Map<String, List<String>> BY_SCHEMA =
      Map.ofEntries(
          Map.entry(CORE + "Container", List.of("name")),
          Map.entry(CORE + "EphemeralContainer", List.of("name")),
          Map.entry(CORE + "ContainerPort", List.of("containerPort")),
          Map.entry(CORE + "EnvVar", List.of("name")),
          Map.entry(CORE + "VolumeMount", List.of("name", "mountPath")),
          Map.entry(CORE + "VolumeDevice", List.of("name", "devicePath")),
          Map.entry(CORE + "Volume", List.of("name")),
          Map.entry(CORE + "KeyToPath", List.of("key", "path")),
          Map.entry(CORE + "ConfigMapKeySelector", List.of("key")),
          Map.entry(CORE + "SecretKeySelector", List.of("key")),
          Map.entry(CORE + "ObjectFieldSelector", List.of("fieldPath")),
          Map.entry(CORE + "ResourceFieldSelector", List.of("resource")),
          Map.entry(CORE + "PersistentVolumeClaimVolumeSource", List.of("claimName")),
          Map.entry(CORE + "HTTPGetAction", List.of("port")),
          Map.entry(CORE + "TCPSocketAction", List.of("port")),
          Map.entry(CORE + "GRPCAction", List.of("port")),
          Map.entry(CORE + "PodSpec", List.of("containers")),
          Map.entry(CORE + "ServicePort", List.of("port")),
          Map.entry(CORE + "Taint", List.of("key", "effect")),
          Map.entry(CORE + "NodeSelector", List.of("nodeSelectorTerms")),
          Map.entry(CORE + "NodeSelectorRequirement", List.of("key", "operator")),
          Map.entry(CORE + "PodAffinityTerm", List.of("topologyKey")),
          Map.entry(CORE + "WeightedPodAffinityTerm", List.of("weight", "podAffinityTerm")),
          Map.entry(CORE + "PreferredSchedulingTerm", List.of("weight", "preference")),
          Map.entry(CORE + "TopologySpreadConstraint",
              List.of("maxSkew", "topologyKey", "whenUnsatisfiable")),
          Map.entry(CORE + "HostAlias", List.of("ip")),
          Map.entry(CORE + "PodIP", List.of("ip")),
          Map.entry(CORE + "HostIP", List.of("ip")),
          Map.entry(CORE + "NodeAddress", List.of("type", "address")),
          Map.entry(CORE + "EndpointAddress", List.of("ip")),
          Map.entry(CORE + "EndpointPort", List.of("port")),
          Map.entry(CORE + "ContainerStatus",
              List.of("name", "ready", "restartCount", "image", "imageID")),
          Map.entry(CORE + "Event", List.of("metadata", "involvedObject")),
          Map.entry(CORE + "Binding", List.of("target")),
          Map.entry(CORE + "PodCondition", TYPE_AND_STATUS),
          Map.entry(CORE + "NodeCondition", TYPE_AND_STATUS),
          Map.entry(CORE + "NamespaceCondition", TYPE_AND_STATUS),
          Map.entry(CORE + "PersistentVolumeClaimCondition", TYPE_AND_STATUS),
          Map.entry(APPS + "StatefulSetSpec", List.of("selector", "template", "serviceName")),
          Map.entry(APPS + "DaemonSetSpec", List.of("selector", "template")),
          Map.entry(APPS + "DeploymentSpec", List.of("selector", "template")),
          Map.entry(APPS + "ReplicaSetSpec", List.of("selector")),
          Map.entry(APPS + "StatefulSetStatus", List.of("replicas")),
          Map.entry(APPS + "ControllerRevision", List.of("revision")),
          Map.entry(APPS + "StatefulSetCondition", TYPE_AND_STATUS),
          Map.entry(APPS + "DaemonSetCondition", TYPE_AND_STATUS),
          Map.entry(APPS + "DeploymentCondition", TYPE_AND_STATUS),
          Map.entry(APPS + "ReplicaSetCondition", TYPE_AND_STATUS),
          Map.entry("io.k8s.api.discovery.v1.EndpointSlice", List.of("addressType", "endpoints")),
          Map.entry("io.k8s.api.discovery.v1.Endpoint", List.of("addresses")),
          Map.entry("io.k8s.api.storage.v1.StorageClass", List.of("provisioner")),
          Map.entry(META + "OwnerReference", List.of("apiVersion", "kind", "name", "uid")),
          Map.entry(META + "LabelSelectorRequirement", List.of("key", "operator")),
          Map.entry(META + "Condition",
              List.of("type", "status", "lastTransitionTime", "reason", "message")));

  private RequiredFields() {}

  /** Returns whether the named schema's OpenAPI lists the field as required. */
  static boolean isRequired(String schemaName, String field) {
    return BY_SCHEMA.getOrDefault(schemaName, List.of()).contains(field);
  }
}
