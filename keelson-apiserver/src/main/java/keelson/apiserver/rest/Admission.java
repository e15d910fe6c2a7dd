package keelson.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.registry.ResourceType;

/**
 * A server-side hook that runs after validation and before storage, as kube-apiserver's admission
 * plugins and registry allocators do (for example ClusterIP allocation, the default StorageClass).
 * It may change the object or refuse it with an {@link ApiException}.
 */
public interface Admission {

  /** Admits (and may mutate) a new object. */
  default void admitCreate(ResourceType type, ObjectNode obj, RegistryStore registry) {}

  /** Admits (and may mutate) an update. */
  default void admitUpdate(ResourceType type, ObjectNode obj, ObjectNode old, RegistryStore registry) {}

  /**
   * Admits a new object in a request that may be a dry run: a hook that keeps state of its own
   * (an allocator) must then leave it untouched. By default the same as a real request.
   */
  default void admitCreate(ResourceType type, ObjectNode obj, RegistryStore registry, boolean dryRun) {
    admitCreate(type, obj, registry);
  }

  /**
   * Whether admitting an update of this kind claims something outside the object (an allocator's
   * values): such an update is then decided on storage's copy only, never first tried on a cached
   * copy that may be stale, whose claims a retry would leave behind.
   */
  default boolean claimsOnUpdate(ResourceType type) {
    return false;
  }

  /** Admits an update in a request that may be a dry run; see the create variant. */
  default void admitUpdate(ResourceType type, ObjectNode obj, ObjectNode old, RegistryStore registry, boolean dryRun) {
    admitUpdate(type, obj, old, registry);
  }
}
