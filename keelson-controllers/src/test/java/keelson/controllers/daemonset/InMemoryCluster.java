package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.function.Supplier;
import keelson.controllers.runtime.Expectations;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.OwnerReferences;

/**
 * A fake API server for one namespace: authoritative maps that {@link DaemonSetActions} writes,
 * plus an informer cache ({@link DaemonSetCache}) that lags behind by a queue of watch events,
 * delivered one at a time so the controller sees a stale world as it would in reality. Delivered
 * pod events count expectations down exactly as the controller's handlers do.
 */
final class InMemoryCluster implements DaemonSetActions, DaemonSetCache {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  enum Kind { ADDED, MODIFIED, DELETED }

  record WatchEvent(Kind kind, HasMetadata object) {}

  final Map<String, DaemonSet> daemonSets = new LinkedHashMap<>();
  final Map<String, Node> nodes = new LinkedHashMap<>();
  final Map<String, Pod> pods = new LinkedHashMap<>();
  final Map<String, ControllerRevision> revisions = new LinkedHashMap<>();

  private final Map<String, DaemonSet> cachedDaemonSets = new LinkedHashMap<>();
  private final Map<String, Node> cachedNodes = new LinkedHashMap<>();
  private final Map<String, Pod> cachedPods = new LinkedHashMap<>();
  private final Map<String, ControllerRevision> cachedRevisions = new LinkedHashMap<>();
  private final Deque<WatchEvent> pending = new ArrayDeque<>();
  /**
   * A copy of every cached object as delivered. The real cache is shared by all components of the
   * process, so the controller must never change an object it read from it.
   */
  private final Map<HasMetadata, String> asDelivered = new IdentityHashMap<>();
  private final DeletionsSeen deletions = new DeletionsSeen();

  private final RandomGenerator random;
  private final Supplier<Instant> now;
  private final Expectations expectations;
  private long resourceVersion;
  private long uids;
  int writes;
  final List<String> events = new ArrayList<>();

  InMemoryCluster(RandomGenerator random, Supplier<Instant> now, Expectations expectations) {
    this.random = random;
    this.now = now;
    this.expectations = expectations;
  }

  // ---- the world (what tests and the fake kubelet change directly; still goes through watch) ----

  <T extends HasMetadata> T stamp(T object) {
    object.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    if (object.getMetadata().getUid() == null) {
      object.getMetadata().setUid("uid-" + (++uids));
    }
    if (object.getMetadata().getCreationTimestamp() == null) {
      object.getMetadata().setCreationTimestamp(now.get().toString());
    }
    return object;
  }

  void putNode(Node node) {
    Kind kind = nodes.containsKey(node.getMetadata().getName()) ? Kind.MODIFIED : Kind.ADDED;
    Node stored = stamp(DaemonPods.copy(node));
    nodes.put(node.getMetadata().getName(), stored);
    pending.add(new WatchEvent(kind, DaemonPods.copy(stored)));
  }

  void removeNode(String name) {
    Node removed = nodes.remove(name);
    if (removed != null) {
      pending.add(new WatchEvent(Kind.DELETED, removed));
    }
  }

  void putDaemonSet(DaemonSet ds) {
    Kind kind = daemonSets.containsKey(ds.getMetadata().getName()) ? Kind.MODIFIED : Kind.ADDED;
    DaemonSet stored = stamp(DaemonPods.copy(ds));
    daemonSets.put(ds.getMetadata().getName(), stored);
    pending.add(new WatchEvent(kind, DaemonPods.copy(stored)));
  }

  void putPod(Pod pod) {
    Kind kind = pods.containsKey(pod.getMetadata().getName()) ? Kind.MODIFIED : Kind.ADDED;
    Pod stored = stamp(DaemonPods.copy(pod));
    pods.put(pod.getMetadata().getName(), stored);
    pending.add(new WatchEvent(kind, DaemonPods.copy(stored)));
  }

  void removePod(String name) {
    Pod removed = pods.remove(name);
    if (removed != null) {
      pending.add(new WatchEvent(Kind.DELETED, removed));
    }
  }

  int pendingCount() {
    return pending.size();
  }

  boolean hasPendingEvents() {
    return !pending.isEmpty();
  }

  /** Delivers the oldest watch event into the cache, running the handlers' expectation bookkeeping. */
  void deliverOne() {
    WatchEvent event = pending.poll();
    if (event == null) {
      return;
    }
    String name = event.object().getMetadata().getName();
    HasMetadata replaced = switch (event.object()) {
      case Pod p -> cachedPods.get(name);
      case Node n -> cachedNodes.get(name);
      case DaemonSet ds -> cachedDaemonSets.get(name);
      case ControllerRevision r -> cachedRevisions.get(name);
      default -> null;
    };
    if (replaced != null) {
      assertUnchanged(replaced);
      asDelivered.remove(replaced);
    }
    if (event.kind() != Kind.DELETED) {
      asDelivered.put(event.object(), SERIALIZATION.asJson(event.object()));
    }
    switch (event.object()) {
      case Pod pod -> {
        Pod previous = cachedPods.get(name);
        if (event.kind() == Kind.DELETED) {
          cachedPods.remove(name);
          if (deletions.deletedSeen(pod)) {
            observe(pod, false);
          }
        } else {
          cachedPods.put(name, pod);
          if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (deletions.terminatingSeen(pod)) {
              observe(pod, false);
            }
          } else if (previous == null) {
            observe(pod, true);
          }
        }
      }
      case Node node -> {
        if (event.kind() == Kind.DELETED) {
          cachedNodes.remove(name);
        } else {
          cachedNodes.put(name, node);
        }
      }
      case DaemonSet ds -> {
        if (event.kind() == Kind.DELETED) {
          cachedDaemonSets.remove(name);
        } else {
          cachedDaemonSets.put(name, ds);
        }
      }
      case ControllerRevision r -> {
        if (event.kind() == Kind.DELETED) {
          cachedRevisions.remove(name);
        } else {
          cachedRevisions.put(name, r);
        }
      }
      default -> throw new IllegalStateException("unexpected " + event.object());
    }
  }

  /** Fails if the controller changed an object it got from the cache. */
  void assertCacheUnchanged() {
    asDelivered.keySet().forEach(this::assertUnchanged);
  }

  private void assertUnchanged(HasMetadata cached) {
    String delivered = asDelivered.get(cached);
    String now = delivered == null ? null : SERIALIZATION.asJson(cached);
    if (delivered != null && !delivered.equals(now)) {
      throw new AssertionError("a cached " + cached.getKind() + " was mutated in place: "
          + cached.getMetadata().getName() + "\nwas: " + delivered + "\nnow: " + now);
    }
  }

  void deliverAll() {
    while (!pending.isEmpty()) {
      deliverOne();
    }
  }

  private void observe(Pod pod, boolean creation) {
    Optional<OwnerReference> ref = OwnerReferences.controllerOf(pod);
    if (ref.isEmpty()) {
      return;
    }
    DaemonSet ds = cachedDaemonSets.get(ref.get().getName());
    if (ds == null || !ds.getMetadata().getUid().equals(ref.get().getUid())) {
      return;
    }
    if (creation) {
      expectations.creationObserved(Keys.of(ds));
    } else {
      expectations.deletionObserved(Keys.of(ds));
    }
  }

  // ---- DaemonSetCache: the lagging informer view ----

  @Override
  public Optional<DaemonSet> daemonSet(String namespace, String name) {
    return Optional.ofNullable(cachedDaemonSets.get(name));
  }

  @Override
  public List<Node> nodes() {
    return List.copyOf(cachedNodes.values());
  }

  @Override
  public List<Pod> pods(String namespace) {
    return List.copyOf(cachedPods.values());
  }

  @Override
  public List<ControllerRevision> revisions(String namespace) {
    return List.copyOf(cachedRevisions.values());
  }

  // ---- DaemonSetActions: the API writes ----

  @Override
  public String createPod(Pod pod) {
    writes++;
    Pod created = DaemonPods.copy(pod);
    String name;
    do {
      StringBuilder suffix = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      name = pod.getMetadata().getGenerateName() + suffix;
    } while (pods.containsKey(name));
    created.getMetadata().setName(name);
    created.setStatus(new PodStatus());
    created.getStatus().setPhase("Pending");
    putPod(created);
    return name;
  }

  @Override
  public boolean deletePod(Pod pod) {
    writes++;
    Pod stored = pods.get(pod.getMetadata().getName());
    if (stored == null || !stored.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
      return false;
    }
    String phase = DaemonPods.phase(stored);
    if (!DaemonPods.isScheduled(stored) || "Failed".equals(phase) || "Succeeded".equals(phase)) {
      removePod(stored.getMetadata().getName()); // unbound or terminal: removed at once
    } else if (stored.getMetadata().getDeletionTimestamp() == null) {
      Pod terminating = DaemonPods.copy(stored);
      terminating.getMetadata().setDeletionTimestamp(now.get().plusSeconds(30).toString());
      terminating.getMetadata().setDeletionGracePeriodSeconds(30L);
      putPod(terminating);
    }
    return true;
  }

  @Override
  public void adoptPod(DaemonSet ds, Pod pod) {
    writes++;
    Pod stored = pods.get(pod.getMetadata().getName());
    if (stored != null) {
      Pod copy = DaemonPods.copy(stored);
      List<OwnerReference> refs = new ArrayList<>(NodeFit.orEmpty(copy.getMetadata().getOwnerReferences()));
      refs.add(OwnerReferences.controllerReference(ds));
      copy.getMetadata().setOwnerReferences(refs);
      putPod(copy);
    }
  }

  @Override
  public void releasePod(DaemonSet ds, Pod pod) {
    writes++;
    Pod stored = pods.get(pod.getMetadata().getName());
    if (stored != null) {
      Pod copy = DaemonPods.copy(stored);
      copy.getMetadata().setOwnerReferences(NodeFit.orEmpty(copy.getMetadata().getOwnerReferences()).stream()
          .filter(r -> !r.getUid().equals(ds.getMetadata().getUid())).toList());
      putPod(copy);
    }
  }

  @Override
  public Optional<DaemonSet> readDaemonSet(String namespace, String name) {
    return Optional.ofNullable(daemonSets.get(name)).map(DaemonPods::copy);
  }

  @Override
  public boolean createRevision(ControllerRevision revision) {
    writes++;
    if (revisions.containsKey(revision.getMetadata().getName())) {
      return false;
    }
    putRevision(revision);
    return true;
  }

  private void putRevision(ControllerRevision revision) {
    Kind kind = revisions.containsKey(revision.getMetadata().getName()) ? Kind.MODIFIED : Kind.ADDED;
    ControllerRevision stored = stamp(DaemonPods.copy(revision));
    revisions.put(revision.getMetadata().getName(), stored);
    pending.add(new WatchEvent(kind, DaemonPods.copy(stored)));
  }

  @Override
  public Optional<ControllerRevision> readRevision(String namespace, String name) {
    return Optional.ofNullable(revisions.get(name)).map(DaemonPods::copy);
  }

  @Override
  public void updateRevision(ControllerRevision revision) {
    writes++;
    putRevision(revision);
  }

  @Override
  public void deleteRevision(ControllerRevision revision) {
    writes++;
    ControllerRevision removed = revisions.remove(revision.getMetadata().getName());
    if (removed != null) {
      pending.add(new WatchEvent(Kind.DELETED, removed));
    }
  }

  @Override
  public void adoptRevision(DaemonSet ds, ControllerRevision revision) {
    ControllerRevision copy = DaemonPods.copy(revision);
    copy.getMetadata().setOwnerReferences(List.of(OwnerReferences.controllerReference(ds)));
    updateRevision(copy);
  }

  @Override
  public void releaseRevision(DaemonSet ds, ControllerRevision revision) {
    ControllerRevision copy = DaemonPods.copy(revision);
    copy.getMetadata().setOwnerReferences(List.of());
    updateRevision(copy);
  }

  @Override
  public void updateStatus(DaemonSet ds, DaemonSetStatus status) {
    writes++;
    DaemonSet stored = daemonSets.get(ds.getMetadata().getName());
    if (stored == null) {
      return;
    }
    DaemonSet copy = DaemonPods.copy(stored);
    copy.setStatus(DaemonPods.copy(status));
    putDaemonSet(copy);
  }

  @Override
  public void event(DaemonSet ds, String type, String reason, String message) {
    events.add(type + " " + reason + " " + message);
  }
}
