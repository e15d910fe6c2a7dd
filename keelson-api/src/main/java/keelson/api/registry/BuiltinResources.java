package keelson.api.registry;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The kinds Keelson serves, in the order discovery lists them. */
public final class BuiltinResources {

  public static final ResourceType NAMESPACES =
      cluster("", "v1", "Namespace", "namespaces", List.of("ns"), List.of(), Set.of("status", "finalize"),
          "/registry/namespaces/", Namespace.class);
  public static final ResourceType NODES =
      cluster("", "v1", "Node", "nodes", List.of("no"), List.of(), Set.of("status"),
          "/registry/minions/", Node.class);
  public static final ResourceType PODS =
      namespaced("", "v1", "Pod", "pods", List.of("po"), List.of("all"),
          Set.of("status", "binding", "eviction"), "/registry/pods/", Pod.class);
  public static final ResourceType SERVICES =
      namespaced("", "v1", "Service", "services", List.of("svc"), List.of("all"), Set.of("status"),
          "/registry/services/specs/", Service.class);
  public static final ResourceType ENDPOINTS =
      namespaced("", "v1", "Endpoints", "endpoints", List.of("ep"), List.of(), Set.of(),
          "/registry/services/endpoints/", Endpoints.class);
  public static final ResourceType PERSISTENT_VOLUME_CLAIMS =
      namespaced("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", List.of("pvc"), List.of(),
          Set.of("status"), "/registry/persistentvolumeclaims/", PersistentVolumeClaim.class);
  public static final ResourceType PERSISTENT_VOLUMES =
      cluster("", "v1", "PersistentVolume", "persistentvolumes", List.of("pv"), List.of(), Set.of("status"),
          "/registry/persistentvolumes/", PersistentVolume.class);
  public static final ResourceType CONFIG_MAPS =
      namespaced("", "v1", "ConfigMap", "configmaps", List.of("cm"), List.of(), Set.of(),
          "/registry/configmaps/", ConfigMap.class);
  public static final ResourceType SECRETS =
      namespaced("", "v1", "Secret", "secrets", List.of(), List.of(), Set.of(),
          "/registry/secrets/", Secret.class);
  public static final ResourceType SERVICE_ACCOUNTS =
      namespaced("", "v1", "ServiceAccount", "serviceaccounts", List.of("sa"), List.of(), Set.of(),
          "/registry/serviceaccounts/", ServiceAccount.class);
  public static final ResourceType EVENTS =
      namespaced("", "v1", "Event", "events", List.of("ev"), List.of(), Set.of(),
          "/registry/events/", Event.class);
  public static final ResourceType RESOURCE_QUOTAS =
      namespaced("", "v1", "ResourceQuota", "resourcequotas", List.of("quota"), List.of(), Set.of("status"),
          "/registry/resourcequotas/", ResourceQuota.class);
  public static final ResourceType LIMIT_RANGES =
      namespaced("", "v1", "LimitRange", "limitranges", List.of("limits"), List.of(), Set.of(),
          "/registry/limitranges/", LimitRange.class);

  public static final ResourceType STATEFUL_SETS =
      namespaced("apps", "v1", "StatefulSet", "statefulsets", List.of("sts"), List.of("all"),
          Set.of("status", "scale"), "/registry/statefulsets/", StatefulSet.class);
  public static final ResourceType DAEMON_SETS =
      namespaced("apps", "v1", "DaemonSet", "daemonsets", List.of("ds"), List.of("all"), Set.of("status"),
          "/registry/daemonsets/", DaemonSet.class);
  public static final ResourceType REPLICA_SETS =
      namespaced("apps", "v1", "ReplicaSet", "replicasets", List.of("rs"), List.of("all"),
          Set.of("status", "scale"), "/registry/replicasets/", ReplicaSet.class);
  public static final ResourceType DEPLOYMENTS =
      namespaced("apps", "v1", "Deployment", "deployments", List.of("deploy"), List.of("all"),
          Set.of("status", "scale"), "/registry/deployments/", Deployment.class);
  public static final ResourceType CONTROLLER_REVISIONS =
      namespaced("apps", "v1", "ControllerRevision", "controllerrevisions", List.of(), List.of(), Set.of(),
          "/registry/controllerrevisions/", ControllerRevision.class);

  public static final ResourceType ENDPOINT_SLICES =
      namespaced("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", List.of(), List.of(), Set.of(),
          "/registry/endpointslices/", EndpointSlice.class);
  public static final ResourceType STORAGE_CLASSES =
      cluster("storage.k8s.io", "v1", "StorageClass", "storageclasses", List.of("sc"), List.of(), Set.of(),
          "/registry/storageclasses/", StorageClass.class);
  public static final ResourceType LEASES =
      namespaced("coordination.k8s.io", "v1", "Lease", "leases", List.of(), List.of(), Set.of(),
          "/registry/leases/", Lease.class);

  /** Every served kind, core group first, then the named groups. */
  public static final List<ResourceType> ALL =
      List.of(
          NAMESPACES, NODES, PODS, SERVICES, ENDPOINTS, PERSISTENT_VOLUME_CLAIMS, PERSISTENT_VOLUMES,
          CONFIG_MAPS, SECRETS, SERVICE_ACCOUNTS, EVENTS, RESOURCE_QUOTAS, LIMIT_RANGES,
          CONTROLLER_REVISIONS, DAEMON_SETS, DEPLOYMENTS, REPLICA_SETS, STATEFUL_SETS,
          ENDPOINT_SLICES, STORAGE_CLASSES, LEASES);

  /**
   * events.k8s.io/v1 Events: the core/v1 Events seen through another group, as kube-apiserver serves
   * them (one storage, converted on the way in and out; see {@link #backingTypeOf}).
   */
  public static final ResourceType EVENTS_V1 =
      namespaced("events.k8s.io", "v1", "Event", "events", List.of("ev"), List.of(), Set.of(),
          "/registry/events/", io.fabric8.kubernetes.api.model.events.v1.Event.class);

  /**
   * Kinds served over another kind's storage. They are not in {@link #ALL}: the watch cache, garbage
   * collector and namespace cleanup see each stored object once, through its backing kind.
   */
  public static final List<ResourceType> VIEWS = List.of(EVENTS_V1);

  /** Every kind discovery and OpenAPI list: {@link #ALL} and the {@link #VIEWS}. */
  public static final List<ResourceType> SERVED = java.util.stream.Stream.concat(ALL.stream(), VIEWS.stream()).toList();

  private BuiltinResources() {}

  /** Returns the stored kind a view is served over, or the kind itself when it is not a view. */
  public static ResourceType backingTypeOf(ResourceType type) {
    return type == EVENTS_V1 ? EVENTS : type;
  }

  /** Finds a served kind, views included, by group, version and plural resource name. */
  public static Optional<ResourceType> findServed(String group, String version, String plural) {
    for (ResourceType type : SERVED) {
      if (type.group().equals(group) && type.version().equals(version) && type.plural().equals(plural)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** Finds a kind by group, version and plural resource name. */
  public static Optional<ResourceType> find(String group, String version, String plural) {
    for (ResourceType type : ALL) {
      if (type.group().equals(group) && type.version().equals(version) && type.plural().equals(plural)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** Finds a kind by apiVersion and kind, as they appear in an object. */
  public static Optional<ResourceType> findByKind(String apiVersion, String kind) {
    for (ResourceType type : ALL) {
      if (type.apiVersion().equals(apiVersion) && type.kind().equals(kind)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private static ResourceType namespaced(String group, String version, String kind, String plural,
      List<String> shortNames, List<String> categories, Set<String> subresources, String prefix,
      Class<?> model) {
    return new ResourceType(group, version, kind, plural, kind.toLowerCase(java.util.Locale.ROOT), true,
        shortNames, categories, subresources, prefix, model);
  }

  private static ResourceType cluster(String group, String version, String kind, String plural,
      List<String> shortNames, List<String> categories, Set<String> subresources, String prefix,
      Class<?> model) {
    return new ResourceType(group, version, kind, plural, kind.toLowerCase(java.util.Locale.ROOT), false,
        shortNames, categories, subresources, prefix, model);
  }
}
