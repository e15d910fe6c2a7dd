package keelson.api.registry;

import java.util.List;
import java.util.Set;

/**
 * One served resource: what discovery lists and what the generic REST handlers need.
 *
 * @param group API group, empty for the core group
 * @param version API version, for example {@code v1}
 * @param kind the kind, for example {@code StatefulSet}
 * @param plural the resource name in URLs, for example {@code statefulsets}
 * @param singular the singular resource name, for example {@code statefulset}
 * @param namespaced whether objects live in a namespace
 * @param shortNames kubectl short names, for example {@code sts}
 * @param categories discovery categories, for example {@code all}
 * @param subresources served subresources, for example {@code status} and {@code scale}
 * @param storagePrefix the key prefix in storage, laid out as kube-apiserver lays out etcd, ending
 *     in {@code /}
 * @param model the fabric8 model class describing the kind's fields (its schema)
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    Set<String> subresources,
    String storagePrefix,
    Class<?> model) {

  /** Returns {@code group/version}, or just the version for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** Returns the qualified resource as error messages print it: {@code statefulsets.apps}. */
  public String qualifiedResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** Returns the qualified kind as error messages print it: {@code StatefulSet.apps}. */
  public String qualifiedKind() {
    return group.isEmpty() ? kind : kind + "." + group;
  }

  /** Returns the kind of a list of these objects. */
  public String listKind() {
    return kind + "List";
  }

  /** Returns whether the given subresource is served. */
  public boolean hasSubresource(String name) {
    return subresources.contains(name);
  }

  /** Returns the storage key of one object; {@code namespace} is ignored for cluster-scoped kinds. */
  public String storageKey(String namespace, String name) {
    return namespaced ? storagePrefix + namespace + "/" + name : storagePrefix + name;
  }

  /** Returns the storage prefix of all objects in a namespace, or of all objects when null. */
  public String storagePrefix(String namespace) {
    return namespaced && namespace != null ? storagePrefix + namespace + "/" : storagePrefix;
  }
}
