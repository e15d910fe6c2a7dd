package keelson.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Object keys as client-go's cache writes them: {@code namespace/name}, or {@code name} when cluster-scoped. */
public final class Keys {
  private Keys() {}

  /** Returns the key of an object. */
  public static String of(HasMetadata object) {
    return of(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** Returns the key of a namespace and name. */
  public static String of(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /** Returns the namespace of a key, or null for a cluster-scoped key. */
  public static String namespace(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? null : key.substring(0, slash);
  }

  /** Returns the name of a key. */
  public static String name(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(slash + 1);
  }
}
