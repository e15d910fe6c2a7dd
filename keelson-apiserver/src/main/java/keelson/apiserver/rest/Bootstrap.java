package keelson.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.BuiltinResources;

/**
 * Creates the objects every cluster starts with. Idempotent: servers sharing storage, and
 * restarts, find them already there.
 */
public final class Bootstrap {
  /** The namespaces kube-apiserver creates on first start. */
  public static final List<String> SYSTEM_NAMESPACES =
      List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private Bootstrap() {}

  /** Ensures the system namespaces exist. */
  public static void ensureSystemNamespaces(RegistryStore registry) {
    for (String name : SYSTEM_NAMESPACES) {
      if (registry.find(BuiltinResources.NAMESPACES, null, name).isPresent()) {
        continue;
      }
      ObjectNode namespace = Json.object();
      namespace.putObject("metadata").put("name", name);
      try {
        registry.create(BuiltinResources.NAMESPACES, null, namespace, WriteOptions.DEFAULT);
      } catch (ApiException e) {
        if (e.code() != 409) {
          throw e;
        }
      }
    }
  }
}
