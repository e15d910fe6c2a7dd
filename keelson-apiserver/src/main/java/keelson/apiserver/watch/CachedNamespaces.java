package keelson.apiserver.watch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.Metadata;
import keelson.apiserver.rest.RegistryStore.NamespaceState;
import keelson.apiserver.rest.RegistryStore.NamespaceStates;

/**
 * Namespaces as the watch cache has them, for the registry's create check: whether each is being
 * terminated, parsed once per revision of the namespace rather than read from storage for every
 * create (kube-apiserver's NamespaceLifecycle admission likewise reads an informer).
 */
public final class CachedNamespaces implements NamespaceStates {
  private final WatchCache cache;
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(long revision, boolean terminating) {}

  public CachedNamespaces(WatchCache cache) {
    this.cache = cache;
  }

  @Override
  public NamespaceState state(String name) {
    CachedObject namespace = cache.get(BuiltinResources.NAMESPACES.storageKey(null, name));
    if (namespace == null) {
      parsed.remove(name);
      return NamespaceState.UNKNOWN;
    }
    Parsed known = parsed.get(name);
    if (known == null || known.revision() != namespace.revision()) {
      known = new Parsed(namespace.revision(), Metadata.isDeleting(namespace.tree()));
      parsed.put(name, known);
    }
    return known.terminating() ? NamespaceState.TERMINATING : NamespaceState.ACTIVE;
  }
}
