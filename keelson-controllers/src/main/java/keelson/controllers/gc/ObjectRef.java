package keelson.controllers.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;

/**
 * Identifies one object: its kind, where it lives and its uid. The namespace is null for
 * cluster-scoped objects, and for owners it is the dependent's namespace (an owner of a namespaced
 * dependent lives in the same namespace or is cluster-scoped).
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name, String uid) {

  /** Returns the reference to an owner named by a dependent in {@code namespace}. */
  public static ObjectRef ofOwner(OwnerReference owner, String namespace) {
    return new ObjectRef(owner.getApiVersion(), owner.getKind(), namespace, owner.getName(), owner.getUid());
  }

  /** Returns the API group of {@link #apiVersion} ("" for the core group). */
  public String group() {
    int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  @Override
  public String toString() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name + " (" + uid + ")";
  }
}
