package keelson.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.api.validation.Identifiers.NameRule;

/**
 * Validates objects of the served kinds as kube-apiserver 1.32 does. Objects must already be
 * defaulted ({@link keelson.api.defaults.Defaulting}) and prepared ({@link
 * keelson.api.defaults.Preparation}), as in kube-apiserver, where validation runs last.
 */
public final class Validation {
  private Validation() {}

  private static final Map<String, KindValidator> VALIDATORS = Map.ofEntries(
      Map.entry(key(BuiltinResources.NAMESPACES), new NamespaceValidation()),
      Map.entry(key(BuiltinResources.NODES), new NodeValidation()),
      Map.entry(key(BuiltinResources.PODS), new PodValidation()),
      Map.entry(key(BuiltinResources.SERVICES), new ServiceValidation()),
      Map.entry(key(BuiltinResources.ENDPOINTS), new EndpointValidation.Endpoints()),
      Map.entry(key(BuiltinResources.PERSISTENT_VOLUME_CLAIMS), new StorageValidation.Claims()),
      Map.entry(key(BuiltinResources.PERSISTENT_VOLUMES), new StorageValidation.Volumes()),
      Map.entry(key(BuiltinResources.CONFIG_MAPS), ConfigDataValidation.forConfigMaps()),
      Map.entry(key(BuiltinResources.SECRETS), ConfigDataValidation.forSecrets()),
      Map.entry(key(BuiltinResources.SERVICE_ACCOUNTS),
          new MetadataOnlyValidation(true, NameRule.DNS1123_SUBDOMAIN)),
      Map.entry(key(BuiltinResources.EVENTS), new EventValidation()),
      Map.entry(key(BuiltinResources.RESOURCE_QUOTAS), new MetadataOnlyValidation(true, NameRule.DNS1123_SUBDOMAIN)),
      Map.entry(key(BuiltinResources.LIMIT_RANGES), new MetadataOnlyValidation(true, NameRule.DNS1123_SUBDOMAIN)),
      Map.entry(key(BuiltinResources.CONTROLLER_REVISIONS), new ControllerRevisionValidation()),
      Map.entry(key(BuiltinResources.DAEMON_SETS), new DaemonSetValidation()),
      Map.entry(key(BuiltinResources.DEPLOYMENTS), ReplicaSetValidation.forDeployments()),
      Map.entry(key(BuiltinResources.REPLICA_SETS), ReplicaSetValidation.forReplicaSets()),
      Map.entry(key(BuiltinResources.STATEFUL_SETS), new StatefulSetValidation()),
      Map.entry(key(BuiltinResources.ENDPOINT_SLICES), new EndpointValidation.Slices()),
      Map.entry(key(BuiltinResources.STORAGE_CLASSES), new StorageValidation.Classes()),
      Map.entry(key(BuiltinResources.LEASES), new LeaseValidation()));

  private static String key(ResourceType type) {
    return type.apiVersion() + "/" + type.kind();
  }

  private static KindValidator validatorFor(ResourceType type) {
    KindValidator validator = VALIDATORS.get(key(type));
    return validator != null
        ? validator
        : new MetadataOnlyValidation(type.namespaced(), NameRule.DNS1123_SUBDOMAIN);
  }

  /** Returns the errors of a new object (defaults already applied), metadata included. */
  public static List<FieldError> validateCreate(ResourceType type, ObjectNode obj) {
    return List.copyOf(validatorFor(type).validateCreate(obj).list());
  }

  /** Returns the errors of an update of {@code old} to {@code obj}, immutable fields included. */
  public static List<FieldError> validateUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
    return List.copyOf(validatorFor(type).validateUpdate(obj, old).list());
  }

  /**
   * Returns the errors of a write of {@code old} to {@code obj} through the status subresource,
   * which {@link keelson.api.defaults.Preparation#forStatusUpdate} has already prepared.
   */
  public static List<FieldError> validateStatusUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
    return List.copyOf(validatorFor(type).validateStatusUpdate(obj, old).list());
  }
}
