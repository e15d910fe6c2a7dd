package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import keelson.controllers.runtime.Keys;

/**
 * One coherent in-memory world for StatefulSet tests: it is both the controller's cache and its
 * {@link PodActions}, so there are never two sources of truth. Writes behave as the API server's
 * (UIDs, resourceVersions, phase Pending on create, graceful pod deletion, 404/409/422 codes) and
 * are announced synchronously to registered handlers, as informers would. Any operation can be
 * made to fail on its Nth call, and hooks see pods just before they are created or deleted.
 */
final class InMemoryCluster implements PodActions, StatefulSetCache {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private final Clock clock;
  private final Map<String, StatefulSet> sets = new TreeMap<>();
  private final Map<String, Pod> pods = new TreeMap<>();
  private final Map<String, PersistentVolumeClaim> claims = new TreeMap<>();
  private final Map<String, ControllerRevision> revisions = new TreeMap<>();
  private final List<String> events = new ArrayList<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final Map<String, Failure> failures = new HashMap<>();
  private final List<StatefulSetEventHandlers> watchers = new ArrayList<>();
  private final List<Consumer<Pod>> beforeCreate = new ArrayList<>();
  private final List<Consumer<Pod>> beforeDelete = new ArrayList<>();
  private long resourceVersion = 1;
  /** When false, pod deletion removes the object at once (grace period 0). */
  boolean gracefulPodDeletion = true;

  InMemoryCluster(Clock clock) {
    this.clock = clock;
  }

  // ---- test controls ----

  /** Makes the {@code nth} (1-based, from now) call of an operation fail with this code and message. */
  synchronized void failNth(String operation, int nth, int code, String message) {
    failures.put(operation, new Failure(calls.getOrDefault(operation, 0) + nth, code, message));
  }

  synchronized int calls(String operation) {
    return calls.getOrDefault(operation, 0);
  }

  synchronized void watch(StatefulSetEventHandlers handlers) {
    watchers.add(handlers);
  }

  synchronized void beforeCreatePod(Consumer<Pod> hook) {
    beforeCreate.add(hook);
  }

  synchronized void beforeDeletePod(Consumer<Pod> hook) {
    beforeDelete.add(hook);
  }

  /** Returns the events recorded, as {@code Type Reason message}. */
  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized StatefulSet apply(StatefulSet set) {
    String key = Keys.of(set);
    StatefulSet old = sets.get(key);
    StatefulSet copy = new StatefulSetBuilder(set).build();
    copy.setApiVersion("apps/v1");
    copy.setKind("StatefulSet");
    if (old == null) {
      stamp(copy);
      copy.getMetadata().setGeneration(1L);
    } else {
      copy.getMetadata().setUid(old.getMetadata().getUid());
      copy.getMetadata().setCreationTimestamp(old.getMetadata().getCreationTimestamp());
      copy.getMetadata().setGeneration(old.getMetadata().getGeneration() + 1);
      copy.setStatus(old.getStatus());
      copy.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    }
    sets.put(key, copy);
    for (var w : watchers) {
      if (old == null) {
        w.sets().onAdd(copy);
      } else {
        w.sets().onUpdate(old, copy);
      }
    }
    return copy;
  }

  /** Edits the set's spec (as {@code kubectl patch} would). */
  synchronized StatefulSet editSet(String namespace, String name, UnaryOperator<StatefulSet> edit) {
    return apply(edit.apply(new StatefulSetBuilder(sets.get(Keys.of(namespace, name))).build()));
  }

  synchronized StatefulSet set(String namespace, String name) {
    return sets.get(Keys.of(namespace, name));
  }

  synchronized Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(pods.get(Keys.of(namespace, name)));
  }

  synchronized List<Pod> allPods() {
    return List.copyOf(pods.values());
  }

  synchronized Optional<PersistentVolumeClaim> claim(String namespace, String name) {
    return Optional.ofNullable(claims.get(Keys.of(namespace, name)));
  }

  synchronized List<ControllerRevision> allRevisions() {
    return List.copyOf(revisions.values());
  }

  /** Replaces a pod's state as the kubelet would (status, or anything), announcing the update. */
  synchronized Pod kubeletUpdate(Pod pod, UnaryOperator<Pod> change) {
    Pod old = pods.get(Keys.of(pod));
    if (old == null) {
      return null;
    }
    Pod updated = change.apply(new PodBuilder(old).build());
    updated.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    pods.put(Keys.of(updated), updated);
    watchers.forEach(w -> w.pods().onUpdate(old, updated));
    return updated;
  }

  /** Removes a pod object for good (the kubelet finished a graceful deletion). */
  synchronized void finalizeDeletion(Pod pod) {
    Pod old = pods.remove(Keys.of(pod));
    if (old != null) {
      watchers.forEach(w -> w.pods().onDelete(old, false));
    }
  }

  /** Deletes a pod as a user would (kubectl delete pod), without the controller's hooks. */
  synchronized void userDeletePod(String namespace, String name) {
    Pod pod = pods.get(Keys.of(namespace, name));
    if (pod != null) {
      markDeleted(pod);
    }
  }

  /** Marks a claim as being deleted (a finalizer holds it). */
  synchronized void userDeleteClaim(String namespace, String name, boolean remove) {
    PersistentVolumeClaim old = claims.get(Keys.of(namespace, name));
    if (old == null) {
      return;
    }
    if (remove) {
      claims.remove(Keys.of(namespace, name));
      watchers.forEach(w -> w.claims().onDelete(old, false));
      return;
    }
    PersistentVolumeClaim updated = new PersistentVolumeClaimBuilder(old).build();
    updated.getMetadata().setDeletionTimestamp(clock.instant().toString());
    updated.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    claims.put(Keys.of(updated), updated);
    watchers.forEach(w -> w.claims().onUpdate(old, updated));
  }

  /** Adds an existing object (pod, claim, revision) as if created earlier by someone else. */
  synchronized void seed(HasMetadata object) {
    stamp(object);
    switch (object) {
      case Pod p -> {
        if (p.getStatus() == null || p.getStatus().getPhase() == null) {
          p.setStatus(new PodStatusBuilder().withPhase("Pending").build());
        }
        pods.put(Keys.of(p), p);
      }
      case PersistentVolumeClaim c -> claims.put(Keys.of(c), c);
      case ControllerRevision r -> revisions.put(Keys.of(r), r);
      default -> throw new IllegalArgumentException(object.getKind());
    }
  }

  // ---- PodActions ----

  @Override
  public synchronized void createPod(Pod pod) {
    call("createPod");
    String key = Keys.of(pod);
    if (pods.containsKey(key)) {
      throw error(409, "pods \"" + pod.getMetadata().getName() + "\" already exists");
    }
    if (pod.getMetadata().getLabels() != null) {
      for (var label : pod.getMetadata().getLabels().entrySet()) {
        if (label.getValue().length() > 63) {
          throw error(422, "Pod \"" + pod.getMetadata().getName() + "\" is invalid: metadata.labels: Invalid value: \""
              + label.getValue() + "\": must be no more than 63 characters");
        }
      }
    }
    beforeCreate.forEach(h -> h.accept(pod));
    Pod created = new PodBuilder(pod).build();
    stamp(created);
    created.setStatus(new PodStatusBuilder().withPhase("Pending").build());
    pods.put(key, created);
    watchers.forEach(w -> w.pods().onAdd(created));
  }

  @Override
  public synchronized void updatePod(Pod pod) {
    call("updatePod");
    Pod old = pods.get(Keys.of(pod));
    if (old == null) {
      throw error(404, "pods \"" + pod.getMetadata().getName() + "\" not found");
    }
    if (!old.getMetadata().getResourceVersion().equals(pod.getMetadata().getResourceVersion())) {
      throw error(409, "Operation cannot be fulfilled on pods \"" + pod.getMetadata().getName()
          + "\": the object has been modified; please apply your changes to the latest version and try again");
    }
    if (!volumeNames(old).equals(volumeNames(pod))) {
      throw error(422, "Pod \"" + pod.getMetadata().getName() + "\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,...");
    }
    Pod updated = new PodBuilder(pod).build();
    updated.setStatus(old.getStatus());
    updated.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    pods.put(Keys.of(updated), updated);
    watchers.forEach(w -> w.pods().onUpdate(old, updated));
  }

  private static List<String> volumeNames(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of()
        : pod.getSpec().getVolumes().stream().map(v -> v.getName() + "=" + claimOf(v)).sorted().toList();
  }

  private static String claimOf(Volume v) {
    return v.getPersistentVolumeClaim() == null ? "" : v.getPersistentVolumeClaim().getClaimName();
  }

  @Override
  public synchronized void deletePod(Pod pod) {
    call("deletePod");
    Pod stored = pods.get(Keys.of(pod));
    if (stored == null) {
      throw error(404, "pods \"" + pod.getMetadata().getName() + "\" not found");
    }
    beforeDelete.forEach(h -> h.accept(stored));
    markDeleted(stored);
  }

  private void markDeleted(Pod stored) {
    if (!gracefulPodDeletion) {
      finalizeDeletion(stored);
      return;
    }
    if (stored.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    Pod updated = new PodBuilder(stored).build();
    updated.getMetadata().setDeletionTimestamp(clock.instant().toString());
    updated.getMetadata().setDeletionGracePeriodSeconds(30L);
    updated.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    pods.put(Keys.of(updated), updated);
    watchers.forEach(w -> w.pods().onUpdate(stored, updated));
  }

  @Override
  public synchronized void createClaim(PersistentVolumeClaim claim) {
    call("createClaim");
    String key = Keys.of(claim);
    if (claims.containsKey(key)) {
      throw error(409, "persistentvolumeclaims \"" + claim.getMetadata().getName() + "\" already exists");
    }
    PersistentVolumeClaim created = new PersistentVolumeClaimBuilder(claim).build();
    stamp(created);
    claims.put(key, created);
    watchers.forEach(w -> w.claims().onAdd(created));
  }

  @Override
  public synchronized void updateClaim(PersistentVolumeClaim claim) {
    call("updateClaim");
    PersistentVolumeClaim old = claims.get(Keys.of(claim));
    if (old == null) {
      throw error(404, "persistentvolumeclaims \"" + claim.getMetadata().getName() + "\" not found");
    }
    if (!old.getMetadata().getResourceVersion().equals(claim.getMetadata().getResourceVersion())) {
      throw error(409, "Operation cannot be fulfilled on persistentvolumeclaims \"" + claim.getMetadata().getName()
          + "\": the object has been modified; please apply your changes to the latest version and try again");
    }
    PersistentVolumeClaim updated = new PersistentVolumeClaimBuilder(claim).build();
    updated.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    claims.put(Keys.of(updated), updated);
    watchers.forEach(w -> w.claims().onUpdate(old, updated));
  }

  @Override
  public synchronized ControllerRevision createRevision(ControllerRevision revision) {
    call("createRevision");
    String key = Keys.of(revision);
    if (revisions.containsKey(key)) {
      throw error(409, "controllerrevisions.apps \"" + revision.getMetadata().getName() + "\" already exists");
    }
    ControllerRevision created = new ControllerRevisionBuilder(revision).build();
    stamp(created);
    revisions.put(key, created);
    watchers.forEach(w -> w.revisions().onAdd(created));
    return created;
  }

  @Override
  public synchronized Optional<ControllerRevision> getRevision(String namespace, String name) {
    return Optional.ofNullable(revisions.get(Keys.of(namespace, name)));
  }

  @Override
  public synchronized ControllerRevision updateRevision(ControllerRevision revision) {
    call("updateRevision");
    ControllerRevision old = revisions.get(Keys.of(revision));
    if (old == null) {
      throw error(404, "controllerrevisions.apps \"" + revision.getMetadata().getName() + "\" not found");
    }
    ControllerRevision updated = new ControllerRevisionBuilder(revision).build();
    updated.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    revisions.put(Keys.of(updated), updated);
    watchers.forEach(w -> w.revisions().onUpdate(old, updated));
    return updated;
  }

  @Override
  public synchronized void deleteRevision(ControllerRevision revision) {
    call("deleteRevision");
    ControllerRevision old = revisions.remove(Keys.of(revision));
    if (old == null) {
      throw error(404, "controllerrevisions.apps \"" + revision.getMetadata().getName() + "\" not found");
    }
    watchers.forEach(w -> w.revisions().onDelete(old, false));
  }

  @Override
  public synchronized void updateStatus(StatefulSet set, StatefulSetStatus status) {
    call("updateStatus");
    StatefulSet old = sets.get(Keys.of(set));
    if (old == null) {
      throw error(404, "statefulsets.apps \"" + set.getMetadata().getName() + "\" not found");
    }
    StatefulSet updated = new StatefulSetBuilder(old).build();
    updated.setStatus(new StatefulSetStatusBuilder(status).build());
    updated.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    sets.put(Keys.of(updated), updated);
    watchers.forEach(w -> w.sets().onUpdate(old, updated));
  }

  @Override
  public synchronized Optional<StatefulSet> getStatefulSet(String namespace, String name) {
    return Optional.ofNullable(sets.get(Keys.of(namespace, name)));
  }

  @Override
  public synchronized void setPodOwners(Pod pod, List<OwnerReference> ownerReferences) {
    call("setPodOwners");
    kubeletUpdate(pod, p -> {
      p.getMetadata().setOwnerReferences(new ArrayList<>(ownerReferences));
      return p;
    });
  }

  @Override
  public synchronized void setRevisionOwners(ControllerRevision revision, List<OwnerReference> ownerReferences) {
    call("setRevisionOwners");
    ControllerRevision old = revisions.get(Keys.of(revision));
    ControllerRevision updated = new ControllerRevisionBuilder(old).build();
    updated.getMetadata().setOwnerReferences(new ArrayList<>(ownerReferences));
    updated.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    revisions.put(Keys.of(updated), updated);
  }

  @Override
  public synchronized void recordEvent(StatefulSet set, String type, String reason, String message) {
    events.add(type + " " + reason + " " + message);
  }

  // ---- cache hygiene: in production the cache is shared by every component of the process ----

  /** The JSON of every stored object, by identity: what the controller may read but not change. */
  synchronized Map<HasMetadata, String> snapshot() {
    Map<HasMetadata, String> copies = new IdentityHashMap<>();
    for (Map<String, ? extends HasMetadata> objects : List.of(sets, pods, claims, revisions)) {
      objects.values().forEach(o -> copies.put(o, SERIALIZATION.asJson(o)));
    }
    return copies;
  }

  /** Fails if an object stored when {@code before} was taken (and not replaced by a write since) changed in place. */
  synchronized void assertUnchangedSince(Map<HasMetadata, String> before) {
    for (Map<String, ? extends HasMetadata> objects : List.of(sets, pods, claims, revisions)) {
      for (HasMetadata o : objects.values()) {
        String was = before.get(o);
        String now = was == null ? null : SERIALIZATION.asJson(o);
        if (was != null && !was.equals(now)) {
          throw new AssertionError("a cached " + o.getKind() + " was mutated in place: " + o.getMetadata().getName()
              + "\nwas: " + was + "\nnow: " + now);
        }
      }
    }
  }

  // ---- StatefulSetCache ----

  @Override
  public synchronized Optional<StatefulSet> statefulSet(String namespace, String name) {
    return Optional.ofNullable(sets.get(Keys.of(namespace, name)));
  }

  @Override
  public synchronized List<StatefulSet> statefulSets(String namespace) {
    return inNamespace(sets, namespace);
  }

  @Override
  public synchronized List<Pod> pods(String namespace) {
    return inNamespace(pods, namespace);
  }

  @Override
  public synchronized List<PersistentVolumeClaim> claims(String namespace) {
    return inNamespace(claims, namespace);
  }

  @Override
  public synchronized List<ControllerRevision> revisions(String namespace) {
    return inNamespace(revisions, namespace);
  }

  private static <T extends HasMetadata> List<T> inNamespace(Map<String, T> objects, String namespace) {
    return objects.values().stream().filter(o -> namespace.equals(o.getMetadata().getNamespace())).toList();
  }

  // ---- helpers ----

  private void stamp(HasMetadata object) {
    if (object.getMetadata().getUid() == null) {
      object.getMetadata().setUid(UUID.randomUUID().toString());
    }
    if (object.getMetadata().getCreationTimestamp() == null) {
      object.getMetadata().setCreationTimestamp(clock.instant().toString());
    }
    object.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
  }

  private void call(String operation) {
    int n = calls.merge(operation, 1, Integer::sum);
    Failure failure = failures.get(operation);
    if (failure != null && failure.nth() == n) {
      failures.remove(operation);
      throw error(failure.code(), failure.message());
    }
  }

  static KubernetesClientException error(int code, String message) {
    Status status = new StatusBuilder().withCode(code).withMessage(message).withStatus("Failure").build();
    return new KubernetesClientException(status);
  }

  private record Failure(int nth, int code, String message) {}
}
