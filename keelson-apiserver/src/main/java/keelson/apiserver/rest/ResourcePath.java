package keelson.apiserver.rest;

import java.util.Optional;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;

/**
 * A parsed resource URL: {@code /api/v1/namespaces/default/pods/web-0/status} and its siblings.
 *
 * @param type the kind addressed
 * @param namespace the namespace in the path, or null (cluster-scoped, or across namespaces)
 * @param name the object name, or null for the collection
 * @param subresource the subresource ({@code status}, {@code scale}, …), or null
 */
public record ResourcePath(ResourceType type, String namespace, String name, String subresource) {

  /**
   * Parses the path below the group-version prefix.
   *
   * @param group the API group (empty for core)
   * @param version the API version
   * @param rest the remaining path segments
   * @return the parsed path, or empty when it names nothing served
   */
  public static Optional<ResourcePath> parse(String group, String version, String[] rest) {
    if (rest.length == 0) {
      return Optional.empty();
    }
    String namespace = null;
    int i = 0;
    // "namespaces/{ns}/{plural}/..." addresses a namespaced collection; "namespaces/{name}[/sub]"
    // addresses a Namespace object itself.
    if (group.isEmpty() && rest[0].equals("namespaces") && rest.length >= 3
        && BuiltinResources.find(group, version, rest[2]).filter(ResourceType::namespaced).isPresent()) {
      namespace = rest[1];
      i = 2;
    } else if (!group.isEmpty() && rest[0].equals("namespaces") && rest.length >= 3) {
      namespace = rest[1];
      i = 2;
    }
    Optional<ResourceType> type = BuiltinResources.findServed(group, version, rest[i]);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    String name = rest.length > i + 1 ? rest[i + 1] : null;
    String subresource = rest.length > i + 2 ? rest[i + 2] : null;
    if (rest.length > i + 3 || (subresource != null && !type.get().hasSubresource(subresource))) {
      return Optional.empty();
    }
    if (namespace != null && !type.get().namespaced()) {
      return Optional.empty();
    }
    if (name != null && name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ResourcePath(type.get(), namespace, name, subresource));
  }

  /** Returns the storage key of the named object. */
  public String key() {
    return type.storageKey(namespace, name);
  }
}
