package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import keelson.api.selectors.LabelSelector;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.OwnerReferences;

/**
 * Adoption and release of a set's pods and revisions (upstream's {@code ControllerRefManager}):
 * finds what a set controls, adopting matching orphans and releasing pods it no longer selects.
 * Writes go through {@link PodActions}; reads come from the cache.
 */
final class StatefulSetAdoption {
  private final StatefulSetCache cache;
  private final PodActions actions;

  StatefulSetAdoption(StatefulSetCache cache, PodActions actions) {
    this.cache = cache;
    this.actions = actions;
  }

  /** Returns the pods the set controls after adopting matching orphans and releasing non-matching pods. */
  List<Pod> claimPods(StatefulSet set, LabelSelector selector) {
    boolean deleting = set.getMetadata().getDeletionTimestamp() != null;
    List<Pod> owned = new ArrayList<>();
    Boolean canAdopt = null;
    for (Pod pod : cache.pods(set.getMetadata().getNamespace())) {
      boolean matches = selector.matches(StatefulPods.labels(pod)) && StatefulPods.isMemberOf(set, pod);
      Optional<OwnerReference> controllerRef = OwnerReferences.controllerOf(pod);
      if (controllerRef.isPresent()) {
        if (!Objects.equals(controllerRef.get().getUid(), set.getMetadata().getUid())) {
          continue;
        }
        if (matches) {
          owned.add(pod);
        } else if (!deleting) {
          release(set, pod);
        }
        continue;
      }
      if (deleting || !matches || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (canAdopt == null) {
        canAdopt = canAdopt(set);
      }
      List<OwnerReference> refs = new ArrayList<>(Optional.ofNullable(pod.getMetadata().getOwnerReferences())
          .orElse(List.of()));
      refs.add(StatefulPods.setReference(set));
      try {
        actions.setPodOwners(pod, refs);
        owned.add(withOwners(pod, refs));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
    return owned;
  }

  private void release(StatefulSet set, Pod pod) {
    List<OwnerReference> refs = new ArrayList<>(pod.getMetadata().getOwnerReferences());
    refs.removeIf(r -> Objects.equals(r.getUid(), set.getMetadata().getUid()));
    try {
      actions.setPodOwners(pod, refs);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** Returns the set's revisions (owned, or orphans matching the selector, which are adopted). */
  List<ControllerRevision> claimRevisions(StatefulSet set, LabelSelector selector) {
    List<ControllerRevision> owned = new ArrayList<>();
    Boolean canAdopt = null;
    for (ControllerRevision revision : cache.revisions(set.getMetadata().getNamespace())) {
      Map<String, String> labels = revision.getMetadata().getLabels() == null ? Map.of()
          : revision.getMetadata().getLabels();
      if (!selector.matches(labels)) {
        continue;
      }
      Optional<OwnerReference> controllerRef = OwnerReferences.controllerOf(revision);
      if (controllerRef.isPresent()) {
        if (Objects.equals(controllerRef.get().getUid(), set.getMetadata().getUid())) {
          owned.add(revision);
        }
        continue;
      }
      if (set.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (canAdopt == null) {
        canAdopt = canAdopt(set);
      }
      List<OwnerReference> refs = new ArrayList<>(Optional.ofNullable(revision.getMetadata().getOwnerReferences())
          .orElse(List.of()));
      refs.add(StatefulPods.setReference(set));
      actions.setRevisionOwners(revision, refs);
      ControllerRevision adopted = new io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder(revision).build();
      adopted.getMetadata().setOwnerReferences(refs);
      owned.add(adopted);
    }
    return owned;
  }

  /** Re-reads the set uncached: adopting for a set that is gone or going would be wrong. */
  private boolean canAdopt(StatefulSet set) {
    StatefulSet fresh = actions.getStatefulSet(set.getMetadata().getNamespace(), set.getMetadata().getName())
        .orElseThrow(() -> new IllegalStateException("statefulset " + Keys.of(set) + " is gone"));
    if (!Objects.equals(fresh.getMetadata().getUid(), set.getMetadata().getUid())) {
      throw new IllegalStateException("original StatefulSet " + Keys.of(set) + " is gone: got uid "
          + fresh.getMetadata().getUid() + ", wanted " + set.getMetadata().getUid());
    }
    if (fresh.getMetadata().getDeletionTimestamp() != null) {
      throw new IllegalStateException("StatefulSet " + Keys.of(set) + " has just been deleted at "
          + fresh.getMetadata().getDeletionTimestamp());
    }
    return true;
  }

  private static Pod withOwners(Pod pod, List<OwnerReference> refs) {
    Pod copy = new io.fabric8.kubernetes.api.model.PodBuilder(pod).build();
    copy.getMetadata().setOwnerReferences(refs);
    return copy;
  }
}
