package keelson.controllers.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Objects by uid and, for every owner uid, the uids of the objects that name it: the collector's
 * view of who owns whom. Thread-safe; readers get immutable snapshots.
 */
public final class DependencyGraph {
  private final Map<String, GraphNode> nodes = new HashMap<>();
  private final Map<String, Set<String>> dependents = new HashMap<>();

  /** Records an observation of an object; returns the node it replaces, or null. */
  public synchronized GraphNode upsert(GraphNode node) {
    GraphNode old = nodes.put(node.uid(), node);
    if (old != null) {
      unindex(old);
    }
    for (OwnerReference owner : node.owners()) {
      dependents.computeIfAbsent(owner.getUid(), k -> new LinkedHashSet<>()).add(node.uid());
    }
    return old;
  }

  /** Forgets an object; returns the node removed, or null. */
  public synchronized GraphNode remove(String uid) {
    GraphNode old = nodes.remove(uid);
    if (old != null) {
      unindex(old);
    }
    return old;
  }

  /** Returns the object with this uid, or null. */
  public synchronized GraphNode node(String uid) {
    return nodes.get(uid);
  }

  /** Returns the objects that name {@code ownerUid} as an owner. */
  public synchronized List<GraphNode> dependents(String ownerUid) {
    Set<String> uids = dependents.get(ownerUid);
    if (uids == null) {
      return List.of();
    }
    List<GraphNode> result = new ArrayList<>(uids.size());
    for (String uid : uids) {
      result.add(nodes.get(uid));
    }
    return result;
  }

  /** Returns every object. */
  public synchronized List<GraphNode> nodes() {
    return List.copyOf(nodes.values());
  }

  /** Returns how many objects are known. */
  public synchronized int size() {
    return nodes.size();
  }

  private void unindex(GraphNode node) {
    for (OwnerReference owner : node.owners()) {
      Set<String> set = dependents.get(owner.getUid());
      if (set != null) {
        set.remove(node.uid());
        if (set.isEmpty()) {
          dependents.remove(owner.getUid());
        }
      }
    }
  }
}
