package keelson.api.schema;

import java.util.Map;
import java.util.Set;

/**
 * The server-side apply merge types of the fields Keelson serves: list types, and the structs and
 * maps that are owned as a whole.
 *
 * <p>Transcribed from the {@code +listType}, {@code +listMapKey}, {@code +structType} and {@code
 * +mapType} markers of Kubernetes' {@code k8s.io/api} and {@code apimachinery meta/v1} types
 * (v1.32). Only the lists whose type does not follow from their strategic-merge tag are listed:
 * elsewhere, as kube-openapi does when converting schemas for structured-merge-diff, a list merged
 * by key is a map list on that key, a list merged without key is a set, and any other list is
 * atomic.
 */
public final class ListTypes {
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  private static final Map<String, ListType> CONTAINER_LISTS =
      Map.of("ports", ListType.map("containerPort", "protocol"));

  private static final Map<String, Map<String, ListType>> BY_SCHEMA =
      Map.of(
          CORE + "Container", CONTAINER_LISTS,
          CORE + "EphemeralContainer", CONTAINER_LISTS,
          CORE + "ServiceSpec", Map.of("ports", ListType.map("port", "protocol")),
          CORE + "PodSpec", Map.of("topologySpreadConstraints", ListType.map("topologyKey", "whenUnsatisfiable")),
          CORE + "PodStatus", Map.of("hostIPs", ListType.ATOMIC),
          CORE + "VolumeMount", Map.of("bindMountOptions", ListType.SET),
          CORE + "ResourceRequirements", Map.of("claims", ListType.map("name")),
          "io.k8s.api.discovery.v1.Endpoint", Map.of("addresses", ListType.SET));

  /** Key fields that may be omitted from an element because the schema defaults them. */
  private static final Map<String, String> KEY_DEFAULTS =
      Map.of(CORE + "ContainerPort#protocol", "TCP", CORE + "ServicePort#protocol", "TCP");

  /** Structs marked {@code +structType=atomic}: owned and replaced whole. */
  private static final Set<String> ATOMIC_STRUCTS =
      Set.of(
          META + "LabelSelector", META + "OwnerReference",
          CORE + "ObjectReference", CORE + "LocalObjectReference", CORE + "TypedLocalObjectReference",
          CORE + "SecretReference", CORE + "NodeSelector", CORE + "NodeSelectorTerm",
          CORE + "TopologySelectorTerm", CORE + "ConfigMapKeySelector", CORE + "SecretKeySelector",
          CORE + "ObjectFieldSelector", CORE + "ResourceFieldSelector", CORE + "FileKeySelector",
          CORE + "ScopeSelector", CORE + "EndpointAddress", CORE + "EndpointPort",
          "io.k8s.api.discovery.v1.EndpointPort");

  /** Fields whose atomicity is set on the field, not on its type. */
  private static final Set<String> GRANULAR_FIELDS = Set.of(CORE + "PersistentVolumeSpec#claimRef");

  /** String maps marked {@code +mapType=atomic}. */
  private static final Set<String> ATOMIC_MAPS =
      Set.of(CORE + "PodSpec#nodeSelector", CORE + "ServiceSpec#selector",
          CORE + "ReplicationControllerSpec#selector");

  private ListTypes() {}

  /** Returns the list type of a list-valued field of the named schema. */
  public static ListType of(String schemaName, Property field) {
    ListType declared = BY_SCHEMA.getOrDefault(schemaName, Map.of()).get(field.name());
    if (declared != null) {
      return declared;
    }
    PatchStrategy patch = field.patch();
    if (!patch.merge()) {
      return ListType.ATOMIC;
    }
    return patch.hasMergeKey() ? ListType.map(patch.mergeKey()) : ListType.SET;
  }

  /** Returns whether a struct-valued field is owned as a whole rather than field by field. */
  public static boolean atomicStruct(String owner, String field, ObjectSchema struct) {
    return ATOMIC_STRUCTS.contains(struct.name()) && !GRANULAR_FIELDS.contains(owner + "#" + field);
  }

  /** Returns whether a map-valued field is owned as a whole rather than key by key. */
  public static boolean atomicMap(String owner, String field) {
    return ATOMIC_MAPS.contains(owner + "#" + field);
  }

  /**
   * Returns the default of a map-list key field an element may omit, or null when the key is
   * required.
   */
  public static String keyDefault(String elementSchema, String key) {
    return KEY_DEFAULTS.get(elementSchema + "#" + key);
  }
}
