package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One server-side apply, in structured-merge-diff's steps: merge the configuration, give the
 * applier exactly the configuration's fields, prune what it stopped applying, then find or settle
 * the conflicts with other managers.
 */
final class Applier {
  private final TypeNode root;
  private final ObjectNode live;
  private final ObjectNode config;
  private final ManagedFields managed;
  private final ManagerId id;
  private final String apiVersion;

  Applier(TypeNode root, ObjectNode live, ObjectNode config, ManagedFields managed, ManagerId id,
      String apiVersion) {
    this.root = root;
    this.live = live;
    this.config = config;
    this.managed = managed;
    this.id = id;
    this.apiVersion = apiVersion;
  }

  /**
   * Returns the live object with the configuration merged in and the fields pruned that the
   * applier applied last time, applies no more, and no manager owns; records {@code applied} as
   * the applier's fields.
   */
  ObjectNode merge(FieldSet applied) {
    ObjectNode merged = (ObjectNode) ApplyMerge.merge(live, config, root);
    ManagedFields.Entry previous = managed.get(id);
    FieldSet last = previous == null ? null : previous.set();
    managed.put(id, applied, apiVersion, previous == null ? null : previous.time());
    if (last != null && !last.isEmpty()) {
      FieldSet owned = FieldSets.withNamedFieldsAsMembers(managed.union(), root);
      FieldSet stale = FieldSets.withNamedFieldsAsMembers(last, root).difference(owned);
      ItemRemoval.remove(merged, stale, root);
    }
    return merged;
  }

  /** Returns the fields the apply would change that other managers own, sorted by manager. */
  List<Conflict> conflicts(Comparison changes) {
    FieldSet changed = changes.changed();
    List<Conflict> conflicts = new ArrayList<>();
    List<Map.Entry<ManagerId, ManagedFields.Entry>> others = new ArrayList<>(managed.entries().entrySet());
    others.sort(Comparator.comparing(e -> e.getKey().key()));
    for (Map.Entry<ManagerId, ManagedFields.Entry> other : others) {
      if (other.getKey().equals(id)) {
        continue;
      }
      FieldSet overlap = other.getValue().set().intersection(changed);
      overlap.forEachPath(path -> conflicts.add(new Conflict(other.getKey(), path)));
    }
    return conflicts;
  }

  /** Takes the changed fields from every other manager, and the removed ones from all. */
  void takeOwnership(Comparison changes) {
    FieldSet changed = changes.changed();
    for (Map.Entry<ManagerId, ManagedFields.Entry> entry : managed.entries().entrySet()) {
      if (entry.getKey().equals(id)) {
        continue;
      }
      ManagedFields.Entry other = entry.getValue();
      if (other.touches(changed) || other.touches(changes.removed())) {
        other.subtract(changed);
        other.subtract(changes.removed());
      }
    }
    managed.dropEmpty();
  }
}
