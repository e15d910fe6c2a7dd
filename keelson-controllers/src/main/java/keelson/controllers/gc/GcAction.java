package keelson.controllers.gc;

import java.util.List;
import java.util.Set;

/** One step the garbage collector takes; the planner returns them, the collector executes them in order. */
public sealed interface GcAction {

  /** Deletes an object (with a uid precondition) using a propagation policy. */
  record DeleteObject(ObjectRef target, String propagationPolicy) implements GcAction {}

  /** Removes the references to the given owner uids from an object's ownerReferences. */
  record RemoveOwnerReferences(ObjectRef target, Set<String> ownerUids) implements GcAction {}

  /** Sets {@code blockOwnerDeletion: false} on every owner reference of an object, to break cycles. */
  record UnblockOwnerReferences(ObjectRef target) implements GcAction {}

  /** Removes a finalizer from an object. */
  record RemoveFinalizer(ObjectRef target, String finalizer) implements GcAction {}

  /** Queues objects (by uid) for a deletion check. */
  record Enqueue(List<String> uids) implements GcAction {}

  String BACKGROUND = "Background";
  String FOREGROUND = "Foreground";
  String ORPHAN = "Orphan";
}
