package keelson.api.schema;

import static keelson.api.schema.PatchStrategy.MERGE_SET;
import static keelson.api.schema.PatchStrategy.mergeBy;
import static keelson.api.schema.PatchStrategy.mergeRetainingKeysBy;

import java.util.Map;

/**
 * The strategic-merge-patch tags of the fields Keelson serves, written out by hand.
 *
 * <p>fabric8's classes do not carry these, so they are transcribed from the {@code patchStrategy}
 * and {@code patchMergeKey} struct tags in Kubernetes' {@code staging/src/k8s.io/api/core/v1},
 * {@code apps/v1} and {@code apimachinery/pkg/apis/meta/v1} {@code types.go} (v1.32), which the
 * upstream OpenAPI documents publish as {@code x-kubernetes-patch-strategy} and {@code
 * x-kubernetes-patch-merge-key}. A list not named here is replaced whole by a patch, as Kubernetes
 * does for atomic lists such as {@code tolerations} and {@code volumeClaimTemplates}.
 */
final class PatchStrategies {
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String APPS = "io.k8s.api.apps.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  private static final Map<String, PatchStrategy> CONTAINER_FIELDS =
      Map.of(
          "ports", mergeBy("containerPort"),
          "env", mergeBy("name"),
          "volumeMounts", mergeBy("mountPath"),
          "volumeDevices", mergeBy("devicePath"));

  private static final Map<String, PatchStrategy> CONDITIONS = Map.of("conditions", mergeBy("type"));

  private static final Map<String, Map<String, PatchStrategy>> BY_SCHEMA =
      Map.ofEntries(
          Map.entry(META + "ObjectMeta",
              Map.of("finalizers", MERGE_SET, "ownerReferences", mergeBy("uid"))),
          Map.entry(CORE + "PodSpec",
              Map.of(
                  "volumes", mergeRetainingKeysBy("name"),
                  "initContainers", mergeBy("name"),
                  "containers", mergeBy("name"),
                  "ephemeralContainers", mergeBy("name"),
                  "imagePullSecrets", mergeBy("name"),
                  "hostAliases", mergeBy("ip"),
                  "topologySpreadConstraints", mergeBy("topologyKey"),
                  "resourceClaims", mergeRetainingKeysBy("name"),
                  "schedulingGates", mergeBy("name"))),
          Map.entry(CORE + "Container", CONTAINER_FIELDS),
          Map.entry(CORE + "EphemeralContainer", CONTAINER_FIELDS),
          Map.entry(CORE + "PodStatus",
              Map.of(
                  "conditions", mergeBy("type"),
                  "podIPs", mergeBy("ip"),
                  "hostIPs", mergeBy("ip"),
                  "resourceClaimStatuses", mergeRetainingKeysBy("name"))),
          Map.entry(CORE + "ServiceSpec", Map.of("ports", mergeBy("port"))),
          Map.entry(CORE + "ServiceStatus", CONDITIONS),
          Map.entry(CORE + "ServiceAccount", Map.of("secrets", mergeBy("name"))),
          Map.entry(CORE + "NodeSpec", Map.of("podCIDRs", MERGE_SET)),
          Map.entry(CORE + "NodeStatus",
              Map.of("conditions", mergeBy("type"), "addresses", mergeBy("type"))),
          Map.entry(CORE + "NamespaceStatus", CONDITIONS),
          Map.entry(CORE + "PersistentVolumeClaimStatus", CONDITIONS),
          Map.entry(APPS + "StatefulSetStatus", CONDITIONS),
          Map.entry(APPS + "DaemonSetStatus", CONDITIONS),
          Map.entry(APPS + "DeploymentStatus", CONDITIONS),
          Map.entry(APPS + "ReplicaSetStatus", CONDITIONS));

  /**
   * Struct-valued fields whose Go tag is {@code patchStrategy:"retainKeys"}: a patch may clear the
   * sibling keys it does not mention, as with a Deployment's strategy type switching away from
   * RollingUpdate.
   */
  private static final Map<String, Map<String, PatchStrategy>> RETAIN_KEYS_OBJECTS =
      Map.of(APPS + "DeploymentSpec",
          Map.of("strategy", new PatchStrategy(false, true, "")));

  private PatchStrategies() {}

  /** Returns the patch strategy of one field of the named schema, {@link PatchStrategy#REPLACE} if untagged. */
  static PatchStrategy of(String schemaName, String field) {
    PatchStrategy tagged = BY_SCHEMA.getOrDefault(schemaName, Map.of()).get(field);
    if (tagged != null) {
      return tagged;
    }
    return RETAIN_KEYS_OBJECTS.getOrDefault(schemaName, Map.of()).getOrDefault(field, PatchStrategy.REPLACE);
  }
}
