package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import keelson.apiserver.rest.Json;

/**
 * Who owns a managed-fields entry: kube-apiserver keys entries by manager, operation, subresource
 * and, for updates only, apiVersion (an applier keeps one entry across versions).
 *
 * @param apiVersion null for {@code Apply}
 * @param subresource null for the main resource
 */
record ManagerId(String manager, String operation, String apiVersion, String subresource) {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  static ManagerId update(String manager, String apiVersion, String subresource) {
    return new ManagerId(manager, UPDATE, apiVersion, subresource);
  }

  static ManagerId apply(String manager, String subresource) {
    return new ManagerId(manager, APPLY, null, subresource);
  }

  boolean applied() {
    return APPLY.equals(operation);
  }

  // Entries are looked up by identity on every write; written out rather than generated, which
  // under the C1-only JIT is a method-handle call per use.
  @Override
  public boolean equals(Object other) {
    return other instanceof ManagerId m && Objects.equals(manager, m.manager) && Objects.equals(operation, m.operation)
        && Objects.equals(apiVersion, m.apiVersion) && Objects.equals(subresource, m.subresource);
  }

  @Override
  public int hashCode() {
    int hash = Objects.hashCode(manager);
    hash = 31 * hash + Objects.hashCode(operation);
    hash = 31 * hash + Objects.hashCode(apiVersion);
    return 31 * hash + Objects.hashCode(subresource);
  }

  /** The identifier as kube-apiserver builds it (the JSON of the entry's identity), for sorting. */
  String key() {
    ObjectNode out = Json.object().put("manager", manager).put("operation", operation);
    if (apiVersion != null) {
      out.put("apiVersion", apiVersion);
    }
    if (subresource != null) {
      out.put("subresource", subresource);
    }
    return out.toString();
  }

  /** Names the manager in a conflict message: {@code "kubectl" with subresource "status" using apps/v1}. */
  String describe() {
    String name = Json.MAPPER.getNodeFactory().textNode(manager).toString();
    if (subresource != null) {
      name += " with subresource " + Json.MAPPER.getNodeFactory().textNode(subresource);
    }
    return applied() ? name : name + " using " + apiVersion;
  }
}
