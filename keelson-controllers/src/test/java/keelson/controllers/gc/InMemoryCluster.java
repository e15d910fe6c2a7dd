package keelson.controllers.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A fake API server for the collector: objects by uid with the deletion semantics of
 * RegistryStore.delete (finalizers keep an object with a deletionTimestamp; Foreground and Orphan
 * add their finalizer; the last finalizer removed makes it go), per-kind watch event queues the
 * test delivers when it chooses, seeded failure injection, and the invariants checked on every
 * write the collector makes.
 */
final class InMemoryCluster implements GarbageCollectorActions {
  /** A watch event: the object as it was, or its removal. */
  record Event(GraphNode node, boolean removed) {}

  final Map<String, GraphNode> objects = new LinkedHashMap<>();
  final Map<String, ArrayDeque<Event>> watches = new LinkedHashMap<>();
  /** Uids the test deleted with the orphan policy. */
  final Set<String> orphanDeleted = new HashSet<>();
  /** Uids the test deleted itself (any policy). */
  final Set<String> deletedByTest = new HashSet<>();
  final List<String> violations = new ArrayList<>();
  private final Random random;
  private final double failureRate;

  InMemoryCluster(Random random, double failureRate) {
    this.random = random;
    this.failureRate = failureRate;
  }

  void create(GraphNode node) {
    objects.put(node.uid(), node);
    emit(node, false);
  }

  /** A user's delete; the collector's goes through {@link #delete}, which also checks invariants. */
  void userDelete(String uid, String policy) {
    GraphNode node = objects.get(uid);
    deletedByTest.add(uid);
    if (policy.equals(GcAction.ORPHAN)) {
      orphanDeleted.add(uid);
    }
    apply(node, policy);
  }

  @Override
  public Optional<GraphNode> get(ObjectRef ref) {
    maybeFail();
    return objects.values().stream()
        .filter(o -> o.ref().kind().equals(ref.kind()) && o.ref().name().equals(ref.name())
            && java.util.Objects.equals(o.ref().namespace(), ref.namespace()))
        .findFirst();
  }

  @Override
  public void delete(ObjectRef ref, String propagationPolicy) {
    maybeFail();
    GraphNode node = objects.get(ref.uid());
    if (node == null) {
      return;
    }
    for (OwnerReference owner : node.owners()) {
      GraphNode o = objects.get(owner.getUid());
      if (o != null && !o.isDeletingDependents()) {
        violations.add("deleted " + ref + " while its owner " + o.ref() + " is live");
      }
      if (orphanDeleted.contains(owner.getUid())) {
        violations.add("deleted " + ref + " while it still names orphaning owner " + owner.getUid());
      }
    }
    apply(node, propagationPolicy);
    maybeFailAfter();
  }

  @Override
  public void updateOwnerReferences(ObjectRef ref, UnaryOperator<List<OwnerReference>> change) {
    maybeFail();
    GraphNode node = objects.get(ref.uid());
    if (node == null) {
      return;
    }
    List<OwnerReference> after = change.apply(node.owners());
    if (!after.equals(node.owners())) {
      replace(new GraphNode(node.ref(), after, node.deleting(), node.finalizers()));
    }
    maybeFailAfter();
  }

  @Override
  public void removeFinalizer(ObjectRef ref, String finalizer) {
    maybeFail();
    GraphNode node = objects.get(ref.uid());
    if (node == null || !node.finalizers().contains(finalizer)) {
      return;
    }
    for (GraphNode other : objects.values()) {
      if (finalizer.equals(GraphNode.FOREGROUND) && other.blocks(ref.uid())) {
        violations.add("released foreground owner " + ref + " while " + other.ref() + " still blocks it");
      }
      if (finalizer.equals(GraphNode.ORPHAN) && other.isOwnedBy(ref.uid())) {
        violations.add("released orphaning owner " + ref + " while " + other.ref() + " still names it");
      }
    }
    List<String> finalizers = new ArrayList<>(node.finalizers());
    finalizers.remove(finalizer);
    replace(new GraphNode(node.ref(), node.owners(), node.deleting(), finalizers));
    maybeFailAfter();
  }

  private void apply(GraphNode node, String policy) {
    if (node.deleting()) {
      return;
    }
    List<String> finalizers = new ArrayList<>(node.finalizers());
    if (policy.equals(GcAction.FOREGROUND) && !finalizers.contains(GraphNode.FOREGROUND)) {
      finalizers.add(GraphNode.FOREGROUND);
    }
    if (policy.equals(GcAction.ORPHAN) && !finalizers.contains(GraphNode.ORPHAN)) {
      finalizers.add(GraphNode.ORPHAN);
    }
    if (finalizers.isEmpty()) {
      objects.remove(node.uid());
      emit(node, true);
    } else {
      replace(new GraphNode(node.ref(), node.owners(), true, finalizers));
    }
  }

  private void replace(GraphNode node) {
    if (node.deleting() && node.finalizers().isEmpty()) {
      objects.remove(node.uid());
      emit(node, true);
    } else {
      objects.put(node.uid(), node);
      emit(node, false);
    }
  }

  private void emit(GraphNode node, boolean removed) {
    watches.computeIfAbsent(node.ref().kind(), k -> new ArrayDeque<>()).add(new Event(node, removed));
  }

  boolean hasPendingEvents() {
    return watches.values().stream().anyMatch(q -> !q.isEmpty());
  }

  /** Returns whether a creation of an object naming {@code uid} as owner is still undelivered. */
  boolean hasPendingDependentOf(String uid) {
    return watches.values().stream().flatMap(ArrayDeque::stream).anyMatch(e -> e.node().isOwnedBy(uid));
  }

  /** Delivers the oldest event of a random kind; informers keep order within a kind only. */
  void deliverOne(GarbageCollector gc) {
    List<ArrayDeque<Event>> nonEmpty = watches.values().stream().filter(q -> !q.isEmpty()).toList();
    Event event = nonEmpty.get(random.nextInt(nonEmpty.size())).poll();
    if (event.removed()) {
      gc.removed(event.node());
    } else {
      gc.observed(event.node());
    }
  }

  private void maybeFail() {
    if (random.nextDouble() < failureRate) {
      throw new IllegalStateException("injected failure");
    }
  }

  private void maybeFailAfter() {
    if (random.nextDouble() < failureRate / 2) {
      throw new IllegalStateException("injected failure after the write (response lost)");
    }
  }
}
