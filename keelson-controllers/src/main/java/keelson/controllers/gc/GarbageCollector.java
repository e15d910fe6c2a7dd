package keelson.controllers.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import keelson.controllers.runtime.SharedInformers;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector: keeps the {@link DependencyGraph} current from observations, queues the
 * objects that may need collecting, and processes them with the {@link GarbageCollectorPlanner}.
 *
 * <p>Two kinds of work, as upstream: "attempt to delete" an object (a dependent whose owners may be
 * gone, or an owner waiting for its dependents) and "attempt to orphan" an owner. Both act only
 * while {@code isLeader} holds; a leader that starts leading re-examines the whole graph
 * ({@link #resync}). Use {@link #start} for the real thing; the constructor is for tests that drive
 * observations and work by hand.
 */
public final class GarbageCollector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
  private static final int REMEMBERED_ABSENT = 65_536;

  /** Where the collector puts work; the wiring backs it with work queues. */
  public interface Queues {
    void attemptToDelete(String uid);

    void attemptToOrphan(String uid);
  }

  private final DependencyGraph graph = new DependencyGraph();
  private final GarbageCollectorActions actions;
  private final Queues queues;
  private final BooleanSupplier isLeader;
  /** Uids confirmed gone. A uid is never reused, so once absent it stays absent. */
  private final Map<String, Boolean> absent = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_ABSENT;
    }
  };
  private volatile AutoCloseable wiring = () -> {};

  public GarbageCollector(GarbageCollectorActions actions, Queues queues, BooleanSupplier isLeader) {
    this.actions = actions;
    this.queues = queues;
    this.isLeader = isLeader;
  }

  /**
   * Starts a garbage collector over every kind the API server serves (found by discovery), acting
   * only while {@code isLeader} returns true. Returns at once; discovery and informer sync happen in
   * the background, retried until the server answers.
   */
  public static GarbageCollector start(SharedInformers informers, Clock clock, BooleanSupplier isLeader) {
    return GarbageCollectorController.start(informers, clock, isLeader);
  }

  void setWiring(AutoCloseable wiring) {
    this.wiring = wiring;
  }

  /** Returns the graph (for the wiring and tests). */
  public DependencyGraph graph() {
    return graph;
  }

  /** Takes in an added or updated object and queues whatever it may have made collectable. */
  public void observed(GraphNode node) {
    if (isAbsent(node.uid())) {
      return; // a late event about an object already known to be gone
    }
    GraphNode old = graph.upsert(node);
    if (node.isDeletingDependents() || needsOwnerCheck(node)) {
      queues.attemptToDelete(node.uid());
    }
    if (node.isDeletingDependents() && (old == null || !old.isDeletingDependents())) {
      graph.dependents(node.uid()).forEach(d -> queues.attemptToDelete(d.uid()));
    }
    if (node.isOrphaning()) {
      queues.attemptToOrphan(node.uid());
    }
    if (old != null) {
      // An owner waiting for its dependents may be released by a reference that went away or
      // stopped blocking.
      for (OwnerReference ref : old.owners()) {
        if (old.blocks(ref.getUid()) && !node.blocks(ref.getUid())) {
          queueIfWaiting(ref.getUid());
        }
      }
    }
  }

  /** Takes in a deleted object: its dependents may now be collectable, its owners released. */
  public void removed(GraphNode node) {
    markAbsent(node.uid());
    GraphNode old = graph.remove(node.uid());
    GraphNode last = old != null ? old : node;
    graph.dependents(node.uid()).forEach(d -> queues.attemptToDelete(d.uid()));
    for (OwnerReference ref : last.owners()) {
      queueIfWaiting(ref.getUid());
    }
  }

  /** Queues every object that may need work; called when this instance becomes the leader. */
  public void resync() {
    for (GraphNode node : graph.nodes()) {
      if (node.isDeletingDependents() || needsOwnerCheck(node)) {
        queues.attemptToDelete(node.uid());
      }
      if (node.isOrphaning()) {
        queues.attemptToOrphan(node.uid());
      }
    }
  }

  /**
   * Checks one object: deletes it if all its owners are gone, drops references to gone owners if a
   * live one remains, and releases it if it waits for dependents that are all gone.
   *
   * @throws RuntimeException if a read or write failed; the caller retries
   */
  public void attemptToDelete(String uid) {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    GraphNode node = graph.node(uid);
    if (node == null) {
      return;
    }
    Optional<GraphNode> live = actions.get(node.ref());
    if (live.isEmpty() || !uid.equals(live.get().uid())) {
      // Gone (or replaced by a namesake): treat it as deleted now rather than wait for the watch.
      removed(node);
      return;
    }
    GraphNode item = live.get();
    Map<String, OwnerStatus> owners = new HashMap<>();
    if (!item.deleting()) {
      for (OwnerReference ref : item.owners()) {
        owners.put(ref.getUid(), ownerStatus(ref, item.ref().namespace()));
      }
    }
    execute(GarbageCollectorPlanner.planItem(item, owners, graph.dependents(uid)));
  }

  /**
   * Orphans the dependents of an owner being deleted with the orphan policy, then releases it.
   *
   * @throws RuntimeException if a read or write failed; the caller retries
   */
  public void attemptToOrphan(String uid) {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    GraphNode node = graph.node(uid);
    if (node == null) {
      return;
    }
    Optional<GraphNode> live = actions.get(node.ref());
    if (live.isEmpty() || !uid.equals(live.get().uid())) {
      return;
    }
    execute(GarbageCollectorPlanner.planOrphan(live.get(), graph.dependents(uid)));
  }

  private OwnerStatus ownerStatus(OwnerReference ref, String namespace) {
    if (isAbsent(ref.getUid())) {
      return OwnerStatus.ABSENT;
    }
    GraphNode known = graph.node(ref.getUid());
    if (known != null) {
      return known.isDeletingDependents() ? OwnerStatus.WAITING_FOR_DEPENDENTS : OwnerStatus.SOLID;
    }
    // Not in the graph: the informer may lag behind a just-created owner, so only a live read may
    // declare it absent.
    Optional<GraphNode> live = actions.get(ObjectRef.ofOwner(ref, namespace));
    if (live.isEmpty() || !ref.getUid().equals(live.get().uid())) {
      markAbsent(ref.getUid());
      return OwnerStatus.ABSENT;
    }
    return live.get().isDeletingDependents() ? OwnerStatus.WAITING_FOR_DEPENDENTS : OwnerStatus.SOLID;
  }

  private void execute(List<GcAction> plan) {
    for (GcAction action : plan) {
      switch (action) {
        case GcAction.DeleteObject d -> {
          log.atDebug().addKeyValue("object", d.target()).addKeyValue("policy", d.propagationPolicy())
              .log("collecting");
          actions.delete(d.target(), d.propagationPolicy());
        }
        case GcAction.RemoveOwnerReferences r -> actions.updateOwnerReferences(r.target(),
            refs -> refs.stream().filter(ref -> !r.ownerUids().contains(ref.getUid())).toList());
        case GcAction.UnblockOwnerReferences u -> actions.updateOwnerReferences(u.target(),
            refs -> refs.stream().map(GarbageCollector::unblocked).toList());
        case GcAction.RemoveFinalizer f -> actions.removeFinalizer(f.target(), f.finalizer());
        case GcAction.Enqueue e -> e.uids().forEach(queues::attemptToDelete);
      }
    }
  }

  private static OwnerReference unblocked(OwnerReference ref) {
    return Boolean.TRUE.equals(ref.getBlockOwnerDeletion())
        ? new OwnerReferenceBuilder(ref).withBlockOwnerDeletion(false).build()
        : ref;
  }

  /** Returns whether some owner of the node is not known to be solid, so a check may collect it. */
  private boolean needsOwnerCheck(GraphNode node) {
    if (node.deleting()) {
      return false;
    }
    for (OwnerReference ref : node.owners()) {
      GraphNode owner = graph.node(ref.getUid());
      if (owner == null || owner.isDeletingDependents() || isAbsent(ref.getUid())) {
        return true;
      }
    }
    return false;
  }

  private void queueIfWaiting(String ownerUid) {
    GraphNode owner = graph.node(ownerUid);
    if (owner != null && owner.isDeletingDependents()) {
      queues.attemptToDelete(ownerUid);
    }
  }

  private boolean isAbsent(String uid) {
    synchronized (absent) {
      return absent.containsKey(uid);
    }
  }

  private void markAbsent(String uid) {
    synchronized (absent) {
      absent.put(uid, Boolean.TRUE);
    }
  }

  /** Returns uids known absent (for tests). */
  Set<String> absentUids() {
    synchronized (absent) {
      return Set.copyOf(absent.keySet());
    }
  }

  @Override
  public void close() throws Exception {
    wiring.close();
  }
}
