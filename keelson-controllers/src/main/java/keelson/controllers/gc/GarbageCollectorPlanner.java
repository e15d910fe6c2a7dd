package keelson.controllers.gc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure decisions of the garbage collector, mirroring upstream's {@code attemptToDeleteItem},
 * {@code processDeletingDependentsItem} and {@code attemptToOrphanWorker}
 * (kubernetes/kubernetes pkg/controller/garbagecollector/garbagecollector.go).
 */
public final class GarbageCollectorPlanner {
  private GarbageCollectorPlanner() {}

  /**
   * Decides what to do with an object that may have lost its owners, or that is itself waiting for
   * its dependents.
   *
   * @param item the object as just read from the API server
   * @param owners the status of each of the item's owners by uid; must cover every owner reference
   * @param dependents the item's dependents as the graph knows them
   */
  public static List<GcAction> planItem(GraphNode item, Map<String, OwnerStatus> owners, List<GraphNode> dependents) {
    if (item.deleting()) {
      return item.isDeletingDependents() ? planDeletingDependents(item, dependents) : List.of();
    }
    if (item.owners().isEmpty()) {
      return List.of();
    }
    Set<String> solid = new LinkedHashSet<>();
    Set<String> dangling = new LinkedHashSet<>();
    Set<String> waiting = new LinkedHashSet<>();
    for (var ref : item.owners()) {
      OwnerStatus status = owners.get(ref.getUid());
      if (status == null) {
        throw new IllegalArgumentException("no status for owner " + ref.getUid() + " of " + item.ref());
      }
      switch (status) {
        case SOLID -> solid.add(ref.getUid());
        case ABSENT -> dangling.add(ref.getUid());
        case WAITING_FOR_DEPENDENTS -> waiting.add(ref.getUid());
      }
    }
    if (!solid.isEmpty()) {
      // A live owner keeps the item; references to gone or foreground-deleting owners are dropped so
      // that those owners are not held back by an object they no longer own.
      Set<String> drop = new LinkedHashSet<>(dangling);
      drop.addAll(waiting);
      return drop.isEmpty() ? List.of() : List.of(new GcAction.RemoveOwnerReferences(item.ref(), drop));
    }
    if (!waiting.isEmpty() && !dependents.isEmpty()) {
      // Foreground all the way down: the item waits for its own dependents before it goes. If one of
      // them is itself waiting for dependents there may be a cycle; making the item's references
      // non-blocking breaks it (upstream does the same, accepting false positives).
      List<GcAction> actions = new ArrayList<>();
      if (dependents.stream().anyMatch(GraphNode::isDeletingDependents)) {
        actions.add(new GcAction.UnblockOwnerReferences(item.ref()));
      }
      actions.add(new GcAction.DeleteObject(item.ref(), GcAction.FOREGROUND));
      return actions;
    }
    // No owner keeps it: collect it, honouring a policy its finalizers already ask for.
    String policy = item.finalizers().contains(GraphNode.ORPHAN) ? GcAction.ORPHAN
        : item.finalizers().contains(GraphNode.FOREGROUND) ? GcAction.FOREGROUND
        : GcAction.BACKGROUND;
    return List.of(new GcAction.DeleteObject(item.ref(), policy));
  }

  /**
   * Decides for an owner waiting for its dependents: release it (drop {@code foregroundDeletion})
   * once no dependent with {@code blockOwnerDeletion: true} remains, else make sure every dependent
   * not yet being deleted is checked.
   */
  public static List<GcAction> planDeletingDependents(GraphNode owner, List<GraphNode> dependents) {
    boolean blocked = dependents.stream().anyMatch(d -> d.blocks(owner.uid()));
    if (!blocked) {
      return List.of(new GcAction.RemoveFinalizer(owner.ref(), GraphNode.FOREGROUND));
    }
    List<String> pending = dependents.stream().filter(d -> !d.deleting()).map(GraphNode::uid).toList();
    return pending.isEmpty() ? List.of() : List.of(new GcAction.Enqueue(pending));
  }

  /**
   * Decides for an owner being deleted with the orphan policy: strip its uid from every dependent,
   * then drop its {@code orphan} finalizer. Returns nothing if the owner is not orphaning.
   */
  public static List<GcAction> planOrphan(GraphNode owner, List<GraphNode> dependents) {
    if (!owner.isOrphaning()) {
      return List.of();
    }
    List<GcAction> actions = new ArrayList<>();
    for (GraphNode dependent : dependents) {
      actions.add(new GcAction.RemoveOwnerReferences(dependent.ref(), Set.of(owner.uid())));
    }
    actions.add(new GcAction.RemoveFinalizer(owner.ref(), GraphNode.ORPHAN));
    return actions;
  }
}
