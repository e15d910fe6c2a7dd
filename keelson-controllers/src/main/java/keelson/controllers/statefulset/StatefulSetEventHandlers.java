package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import keelson.controllers.runtime.Expectations;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.OwnerReferences;
import keelson.controllers.runtime.PermanentError;

/**
 * The StatefulSet controller's event handlers (upstream's handlers in {@code stateful_set.go}): they
 * turn set, pod, claim and revision events into the {@code namespace/name} keys of the sets they
 * concern and count observed creations and deletions against the expectations. A pod or revision
 * with a controller reference goes to that set only (resolveControllerRef: kind and uid must
 * match); an orphan goes to every set whose selector matches, so that one of them can adopt it.
 */
final class StatefulSetEventHandlers {
  private final StatefulSetCache cache;
  private final Expectations expectations;
  private final Consumer<String> enqueue;

  StatefulSetEventHandlers(StatefulSetCache cache, Expectations expectations, Consumer<String> enqueue) {
    this.cache = cache;
    this.expectations = expectations;
    this.enqueue = enqueue;
  }

  ResourceEventHandler<StatefulSet> sets() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(StatefulSet set) {
        enqueue.accept(Keys.of(set));
      }

      @Override
      public void onUpdate(StatefulSet old, StatefulSet set) {
        enqueue.accept(Keys.of(set));
      }

      @Override
      public void onDelete(StatefulSet set, boolean finalStateUnknown) {
        expectations.forget(Keys.of(set));
        enqueue.accept(Keys.of(set));
      }
    };
  }

  ResourceEventHandler<Pod> pods() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        podAdded(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        podUpdated(old, pod);
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        podDeleted(pod);
      }
    };
  }

  ResourceEventHandler<PersistentVolumeClaim> claims() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolumeClaim claim) { }

      @Override
      public void onUpdate(PersistentVolumeClaim old, PersistentVolumeClaim claim) {
        claimChanged(claim);
      }

      @Override
      public void onDelete(PersistentVolumeClaim claim, boolean finalStateUnknown) {
        claimChanged(claim);
      }
    };
  }

  ResourceEventHandler<ControllerRevision> revisions() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(ControllerRevision revision) {
        revisionChanged(revision);
      }

      @Override
      public void onUpdate(ControllerRevision old, ControllerRevision revision) {
        if (!Objects.equals(old.getMetadata().getResourceVersion(), revision.getMetadata().getResourceVersion())) {
          revisionChanged(revision);
        }
      }

      @Override
      public void onDelete(ControllerRevision revision, boolean finalStateUnknown) {
        revisionChanged(revision);
      }
    };
  }

  void podAdded(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      // Seen for the first time already terminating (e.g. after a restart): a deletion, not a creation.
      podDeleted(pod);
      return;
    }
    Optional<StatefulSet> owner = ownerOf(pod);
    if (owner.isPresent()) {
      expectations.creationObserved(Keys.of(owner.get()));
      enqueue.accept(Keys.of(owner.get()));
      return;
    }
    matchingSets(pod).forEach(set -> enqueue.accept(Keys.of(set)));
  }

  void podUpdated(Pod old, Pod pod) {
    if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
      return;
    }
    Optional<StatefulSet> owner = ownerOf(pod);
    Optional<StatefulSet> oldOwner = ownerOf(old);
    if (old.getMetadata().getDeletionTimestamp() == null && pod.getMetadata().getDeletionTimestamp() != null) {
      owner.ifPresent(set -> expectations.deletionObserved(Keys.of(set)));
    }
    if (oldOwner.isPresent() && !oldOwner.equals(owner)) {
      enqueue.accept(Keys.of(oldOwner.get()));
    }
    if (owner.isPresent()) {
      enqueue.accept(Keys.of(owner.get()));
      return;
    }
    boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels());
    if (labelsChanged || oldOwner.isPresent()) {
      matchingSets(pod).forEach(set -> enqueue.accept(Keys.of(set)));
    }
  }

  void podDeleted(Pod pod) {
    Optional<StatefulSet> owner = ownerOf(pod);
    owner.ifPresent(set -> {
      // A pod deleted gracefully was counted when its deletionTimestamp appeared.
      if (pod.getMetadata().getDeletionTimestamp() == null) {
        expectations.deletionObserved(Keys.of(set));
      }
      enqueue.accept(Keys.of(set));
    });
  }

  void claimChanged(PersistentVolumeClaim claim) {
    String name = claim.getMetadata().getName();
    for (StatefulSet set : cache.statefulSets(claim.getMetadata().getNamespace())) {
      // Claim names are <template>-<set>-<ordinal>.
      String parent = StatefulPods.parentName(name);
      if (parent.endsWith("-" + set.getMetadata().getName()) && StatefulPods.ordinal(name) >= 0) {
        enqueue.accept(Keys.of(set));
      }
    }
  }

  void revisionChanged(ControllerRevision revision) {
    Optional<OwnerReference> ref = OwnerReferences.controllerOf(revision);
    if (ref.isPresent()) {
      resolve(revision.getMetadata().getNamespace(), ref.get()).ifPresent(set -> enqueue.accept(Keys.of(set)));
      return;
    }
    for (StatefulSet set : cache.statefulSets(revision.getMetadata().getNamespace())) {
      try {
        if (StatefulPods.selectorOf(set).matches(StatefulPods.labels(revision))) {
          enqueue.accept(Keys.of(set));
        }
      } catch (PermanentError e) {
        // A set with a bad selector adopts nothing.
      }
    }
  }

  private Optional<StatefulSet> ownerOf(Pod pod) {
    return OwnerReferences.controllerOf(pod).flatMap(ref -> resolve(pod.getMetadata().getNamespace(), ref));
  }

  /** Resolves a controller reference to a cached set: the kind must be StatefulSet and the UID must match. */
  private Optional<StatefulSet> resolve(String namespace, OwnerReference ref) {
    if (!"StatefulSet".equals(ref.getKind())) {
      return Optional.empty();
    }
    return cache.statefulSet(namespace, ref.getName())
        .filter(set -> Objects.equals(set.getMetadata().getUid(), ref.getUid()));
  }

  /** Orphans go to every set whose selector matches (and whose member the name says it is). */
  private List<StatefulSet> matchingSets(Pod pod) {
    List<StatefulSet> matching = new ArrayList<>();
    for (StatefulSet set : cache.statefulSets(pod.getMetadata().getNamespace())) {
      try {
        if (StatefulPods.selectorOf(set).matches(StatefulPods.labels(pod))) {
          matching.add(set);
        }
      } catch (PermanentError e) {
        // A set with a bad selector adopts nothing.
      }
    }
    return matching;
  }
}
