package keelson.controllers.statefulset;

import static keelson.controllers.statefulset.StatefulPods.isAvailable;
import static keelson.controllers.statefulset.StatefulPods.isCreated;
import static keelson.controllers.statefulset.StatefulPods.isHealthy;
import static keelson.controllers.statefulset.StatefulPods.isRunningAndReady;
import static keelson.controllers.statefulset.StatefulPods.isTerminating;
import static keelson.controllers.statefulset.StatefulPods.revisionOf;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import keelson.controllers.history.ControllerRevisions;
import keelson.controllers.history.StatefulSetRevisions;
import keelson.controllers.statefulset.PodAction.CreateClaims;
import keelson.controllers.statefulset.PodAction.CreatePod;
import keelson.controllers.statefulset.PodAction.DeletePod;
import keelson.controllers.statefulset.PodAction.Reason;
import keelson.controllers.statefulset.PodAction.UpdateClaimOwners;
import keelson.controllers.statefulset.PodAction.UpdatePod;
import keelson.controllers.statefulset.StatefulSetPlan.Step;

/**
 * Decides what one sync of a StatefulSet does, as upstream's {@code updateStatefulSet} (1.32, with
 * the MaxUnavailableStatefulSet gate off): pure, from an observation and the time.
 *
 * <p>The order of decisions (§1.3): revisions; status from all pods; split into replicas (one slot
 * per ordinal in range, new pods constructed for holes at the right revision) and condemned
 * (descending ordinal); the first unhealthy pod; nothing but status for a set being deleted; then
 * replicas in ascending ordinal, claim ownership of condemned pods, condemned pods, and finally the
 * rolling update from the highest slot down to the partition. Under OrderedReady ("monotonic") every
 * phase stops at the first pod that blocks; under Parallel all replicas and condemned pods are acted
 * on at once, but updates still replace one pod at a time.
 */
public final class StatefulSetPlanner {
  /** After this many revisions are kept when {@code revisionHistoryLimit} is absent. */
  private static final int DEFAULT_HISTORY_LIMIT = 10;
  /** Added to availability waits so the next look is strictly after the pod became available. */
  private static final Duration AVAILABILITY_MARGIN = Duration.ofMillis(10);

  private StatefulSetPlanner() {}

  /** Returns the plan for one sync. Never mutates the observation. */
  public static StatefulSetPlan plan(StatefulSetObservation observation, Instant now) {
    return new Sync(observation, now).plan();
  }

  /** One planning pass; holds the working state so the phases read like upstream's recipe. */
  private static final class Sync {
    private final StatefulSetObservation observation;
    private final StatefulSet set;
    private final Instant now;
    private final boolean monotonic;
    private final int minReadySeconds;
    private final Map<String, PersistentVolumeClaim> claimsByName = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private Duration requeueAfter;

    Sync(StatefulSetObservation observation, Instant now) {
      this.observation = observation;
      this.set = observation.set();
      this.now = now;
      this.monotonic = !StatefulPods.isParallel(set);
      this.minReadySeconds = StatefulPods.minReadySeconds(set);
      for (PersistentVolumeClaim claim : observation.claims()) {
        if (Objects.equals(claim.getMetadata().getNamespace(), set.getMetadata().getNamespace())) {
          claimsByName.put(claim.getMetadata().getName(), claim);
        }
      }
    }

    StatefulSetPlan plan() {
      boolean deleting = set.getMetadata().getDeletionTimestamp() != null;
      List<ControllerRevision> revisions = ControllerRevisions.sorted(observation.revisions());
      int collisionCount = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0
          : set.getStatus().getCollisionCount();

      // 1. The update revision: reuse an identical one (bumping it if it is not the newest), else create.
      ControllerRevision candidate = StatefulSetRevisions.newRevision(set, ControllerRevisions.nextRevision(revisions),
          collisionCount);
      List<ControllerRevision> equal = ControllerRevisions.findEqual(revisions, candidate);
      RevisionChange change;
      if (!equal.isEmpty() && ControllerRevisions.equal(revisions.getLast(), equal.getLast())) {
        change = new RevisionChange.Keep(revisions.getLast());
      } else if (!equal.isEmpty()) {
        ControllerRevision bumped = new ControllerRevisionBuilder(equal.getLast())
            .withRevision(candidate.getRevision()).build();
        change = new RevisionChange.Bump(bumped);
      } else {
        // A known revision with our name but other data is a hash collision: count it and rehash.
        Set<String> taken = ControllerRevisions.names(revisions);
        while (taken.contains(candidate.getMetadata().getName())) {
          collisionCount++;
          candidate = StatefulSetRevisions.newRevision(set, candidate.getRevision(), collisionCount);
        }
        change = new RevisionChange.Create(candidate);
      }
      ControllerRevision updateRevision = change.revision();
      ControllerRevision currentRevision = updateRevision;
      String recordedCurrent = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
      for (ControllerRevision r : revisions) {
        if (r.getMetadata().getName().equals(recordedCurrent)) {
          currentRevision = r;
          break;
        }
      }
      if (deleting && !(change instanceof RevisionChange.Keep)) {
        // A set being deleted gets no new history; status still names the revision of its template.
        change = new RevisionChange.Keep(updateRevision);
      }

      PodTemplateSpec currentTemplate = currentRevision == updateRevision ? set.getSpec().getTemplate()
          : StatefulSetRevisions.template(currentRevision);
      PodTemplateSpec updateTemplate = set.getSpec().getTemplate();

      // 2. Status from every pod of the set.
      StatefulSetStatus status = new StatefulSetStatusBuilder()
          .withObservedGeneration(set.getMetadata().getGeneration())
          .withCurrentRevision(currentRevision.getMetadata().getName())
          .withUpdateRevision(updateRevision.getMetadata().getName())
          .withCollisionCount(collisionCount)
          .build();
      count(status, observation.pods());

      // 3. Replicas (slot = ordinal - start) and condemned (descending ordinal).
      int start = StatefulPods.startOrdinal(set);
      int replicaCount = StatefulPods.replicas(set);
      Pod[] replicas = new Pod[replicaCount];
      List<Pod> condemned = new ArrayList<>();
      for (Pod pod : observation.pods()) {
        int ordinal = StatefulPods.ordinal(pod);
        if (StatefulPods.inOrdinalRange(set, ordinal)) {
          replicas[ordinal - start] = pod;
        } else if (ordinal >= 0) {
          condemned.add(pod);
        }
      }
      Integer partition = StatefulPods.partition(set);
      boolean rolling = StatefulPods.ROLLING_UPDATE.equals(StatefulPods.updateStrategy(set));
      int recordedCurrentReplicas = set.getStatus() == null || set.getStatus().getCurrentReplicas() == null ? 0
          : set.getStatus().getCurrentReplicas();
      for (int slot = 0; slot < replicaCount; slot++) {
        if (replicas[slot] == null) {
          boolean atCurrent = (rolling && partition == null && slot < recordedCurrentReplicas)
              || (partition != null && slot < partition);
          replicas[slot] = atCurrent
              ? StatefulPods.newPod(set, currentTemplate, start + slot, currentRevision.getMetadata().getName())
              : StatefulPods.newPod(set, updateTemplate, start + slot, updateRevision.getMetadata().getName());
        }
      }
      condemned.sort(Comparator.comparingInt((Pod p) -> StatefulPods.ordinal(p)).reversed());

      // 4. The first unhealthy pod: the lowest unhealthy replica, else the lowest unhealthy condemned pod.
      Pod firstUnhealthy = null;
      for (Pod pod : replicas) {
        if (!isHealthy(pod)) {
          firstUnhealthy = pod;
          break;
        }
      }
      for (int i = condemned.size() - 1; i >= 0 && firstUnhealthy == null; i--) {
        if (!isHealthy(condemned.get(i))) {
          firstUnhealthy = condemned.get(i);
        }
      }
      noteAvailabilityWaits();

      if (!deleting && processReplicas(replicas) && fixCondemnedClaims(condemned)
          && processCondemned(condemned, firstUnhealthy) && rolling) {
        rollingUpdate(replicas, partition == null ? 0 : partition, updateRevision, status);
      }

      completeRollingUpdate(status);
      boolean writeStatus = statusDiffers(set.getStatus(), status);

      List<ControllerRevision> doomed = List.of();
      if (!deleting) {
        Set<String> live = new HashSet<>();
        live.add(currentRevision.getMetadata().getName());
        live.add(updateRevision.getMetadata().getName());
        observation.pods().forEach(p -> live.add(revisionOf(p)));
        int limit = set.getSpec().getRevisionHistoryLimit() == null ? DEFAULT_HISTORY_LIMIT
            : set.getSpec().getRevisionHistoryLimit();
        doomed = ControllerRevisions.toTruncate(revisions, live, limit);
      }
      return new StatefulSetPlan(change, steps, status, writeStatus, doomed, Optional.ofNullable(requeueAfter));
    }

    /**
     * Plans the replicas in ascending ordinal. Returns whether planning may go on to the next phase:
     * under OrderedReady, false as soon as one replica blocks.
     */
    private boolean processReplicas(Pod[] replicas) {
      List<PodAction> actions = new ArrayList<>();
      boolean proceed = true;
      for (Pod pod : replicas) {
        if (processReplica(pod, actions) && monotonic) {
          proceed = false;
          break;
        }
      }
      addStep("replicas", actions, !monotonic);
      return proceed;
    }

    /** Plans one replica; returns whether it blocks (upstream's {@code shouldExit}). */
    private boolean processReplica(Pod pod, List<PodAction> actions) {
      if (StatefulPods.isFailed(pod) || StatefulPods.isSucceeded(pod)) {
        if (!isTerminating(pod)) {
          actions.add(new DeletePod(pod, Reason.FINISHED));
        }
        // The same-named replacement comes on a later sync, once the old object is gone.
        return true;
      }
      int ordinal = StatefulPods.ordinal(pod);
      if (!isCreated(pod)) {
        if (hasStaleClaim(pod, ordinal)) {
          return true;
        }
        List<PersistentVolumeClaim> missing = new ArrayList<>();
        List<String> beingDeleted = new ArrayList<>();
        for (PersistentVolumeClaim claim : StatefulPods.claimsFor(set, ordinal).values()) {
          PersistentVolumeClaim existing = claimsByName.get(claim.getMetadata().getName());
          if (existing == null) {
            missing.add(withPolicyOwners(pod, claim));
          } else if (existing.getMetadata().getDeletionTimestamp() != null) {
            beingDeleted.add(claim.getMetadata().getName());
          }
        }
        actions.add(new CreatePod(pod, missing, beingDeleted));
        // Parallel: nothing more to decide about a pod that does not exist yet.
        return true;
      }
      if (StatefulPods.isPending(pod)) {
        List<PersistentVolumeClaim> missing = missingClaims(pod, ordinal);
        if (!missing.isEmpty()) {
          actions.add(new CreateClaims(pod, missing));
        }
      }
      if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isAvailable(pod, minReadySeconds, now))) {
        return true;
      }
      if (!StatefulPods.identityMatches(set, pod) || !StatefulPods.storageMatches(set, pod)) {
        actions.add(new UpdatePod(StatefulPods.repaired(set, pod),
            StatefulPods.storageMatches(set, pod) ? List.of() : missingClaims(pod, ordinal)));
      }
      addClaimOwnerFixes(pod, ordinal, actions);
      return false;
    }

    /** Under whenScaled=Delete, a claim still owned by an earlier pod of this name must go first. */
    private boolean hasStaleClaim(Pod pod, int ordinal) {
      if (!StatefulPods.DELETE.equals(StatefulPods.whenScaled(set))) {
        return false;
      }
      for (String name : StatefulPods.claimNames(set, ordinal)) {
        PersistentVolumeClaim existing = claimsByName.get(name);
        if (existing != null
            && StatefulPods.hasStaleOwnerReference(existing, "Pod", pod.getMetadata().getName(), null)) {
          return true;
        }
      }
      return false;
    }

    /** New claims get the set reference up front when whenDeleted=Delete (the pod has no UID yet). */
    private PersistentVolumeClaim withPolicyOwners(Pod pod, PersistentVolumeClaim claim) {
      return StatefulPods.claimWithPolicyOwners(set, pod, claim).orElse(claim);
    }

    private List<PersistentVolumeClaim> missingClaims(Pod pod, int ordinal) {
      if (claimsByName.keySet().containsAll(StatefulPods.claimNames(set, ordinal))) {
        return List.of();
      }
      List<PersistentVolumeClaim> missing = new ArrayList<>();
      for (PersistentVolumeClaim claim : StatefulPods.claimsFor(set, ordinal).values()) {
        if (!claimsByName.containsKey(claim.getMetadata().getName())) {
          missing.add(withPolicyOwners(pod, claim));
        }
      }
      return missing;
    }

    private void addClaimOwnerFixes(Pod pod, int ordinal, List<PodAction> actions) {
      for (String name : StatefulPods.claimNames(set, ordinal)) {
        PersistentVolumeClaim existing = claimsByName.get(name);
        if (existing != null) {
          StatefulPods.claimWithPolicyOwners(set, pod, existing)
              .ifPresent(fixed -> actions.add(new UpdateClaimOwners(pod, fixed)));
        }
      }
    }

    /** Gives condemned pods' claims the owners the retention policy asks for, before any deletion. */
    private boolean fixCondemnedClaims(List<Pod> condemned) {
      List<PodAction> actions = new ArrayList<>();
      for (Pod pod : condemned) {
        addClaimOwnerFixes(pod, StatefulPods.ordinal(pod), actions);
      }
      addStep("condemned claims", actions, !monotonic);
      return true;
    }

    /** Plans deletions of condemned pods, highest ordinal first; returns whether planning may go on. */
    private boolean processCondemned(List<Pod> condemned, Pod firstUnhealthy) {
      List<PodAction> actions = new ArrayList<>();
      boolean proceed = true;
      for (Pod pod : condemned) {
        if (isTerminating(pod)) {
          if (monotonic) {
            proceed = false;
            break;
          }
          continue;
        }
        if (monotonic && pod != firstUnhealthy
            && (!isRunningAndReady(pod) || !isAvailable(pod, minReadySeconds, now))) {
          proceed = false;
          break;
        }
        actions.add(new DeletePod(pod, Reason.CONDEMNED));
        if (monotonic) {
          proceed = false;
          break;
        }
      }
      addStep("condemned", actions, !monotonic);
      return proceed;
    }

    /**
     * Replaces the highest-slot pod not at the update revision, down to the partition; one at a
     * time, waiting while a pod at or above the target is unhealthy.
     */
    private void rollingUpdate(Pod[] replicas, int updateMin, ControllerRevision updateRevision,
        StatefulSetStatus status) {
      String target = updateRevision.getMetadata().getName();
      for (int slot = replicas.length - 1; slot >= updateMin; slot--) {
        Pod pod = replicas[slot];
        if (isCreated(pod) && !revisionOf(pod).equals(target) && !isTerminating(pod)) {
          addStep("update", List.of(new DeletePod(pod, Reason.UPDATE)), false);
          status.setCurrentReplicas(status.getCurrentReplicas() - 1);
          return;
        }
        if (!isHealthy(pod)) {
          return;
        }
      }
    }

    /** The rollout is complete once every wanted pod exists, is Ready and is at the update revision. */
    private void completeRollingUpdate(StatefulSetStatus status) {
      int wanted = StatefulPods.replicas(set);
      if (StatefulPods.ROLLING_UPDATE.equals(StatefulPods.updateStrategy(set))
          && status.getUpdatedReplicas() == wanted && status.getReadyReplicas() == wanted
          && status.getReplicas() == wanted) {
        status.setCurrentReplicas(status.getUpdatedReplicas());
        status.setCurrentRevision(status.getUpdateRevision());
      }
    }

    private void count(StatefulSetStatus status, List<Pod> pods) {
      int replicas = 0;
      int ready = 0;
      int available = 0;
      int current = 0;
      int updated = 0;
      for (Pod pod : pods) {
        if (isCreated(pod)) {
          replicas++;
        }
        if (isRunningAndReady(pod)) {
          ready++;
          if (isAvailable(pod, minReadySeconds, now)) {
            available++;
          }
        }
        if (isCreated(pod) && !isTerminating(pod)) {
          String revision = revisionOf(pod);
          if (revision.equals(status.getCurrentRevision())) {
            current++;
          }
          if (revision.equals(status.getUpdateRevision())) {
            updated++;
          }
        }
      }
      status.setReplicas(replicas);
      status.setReadyReplicas(ready);
      status.setAvailableReplicas(available);
      status.setCurrentReplicas(current);
      status.setUpdatedReplicas(updated);
    }

    /** Ready pods that are not yet available need another look once minReadySeconds has passed. */
    private void noteAvailabilityWaits() {
      for (Pod pod : observation.pods()) {
        StatefulPods.untilAvailable(pod, minReadySeconds, now).ifPresent(wait -> {
          Duration after = (wait.isNegative() ? Duration.ZERO : wait).plus(AVAILABILITY_MARGIN);
          if (requeueAfter == null || after.compareTo(requeueAfter) < 0) {
            requeueAfter = after;
          }
        });
      }
    }

    private void addStep(String name, List<PodAction> actions, boolean parallel) {
      if (!actions.isEmpty()) {
        steps.add(new Step(name, actions, parallel));
      }
    }
  }

  /** Returns whether a status differs from the recorded one in any field the controller writes. */
  static boolean statusDiffers(StatefulSetStatus recorded, StatefulSetStatus status) {
    if (recorded == null) {
      return true;
    }
    return !Objects.equals(orZero(recorded.getObservedGeneration()), orZero(status.getObservedGeneration()))
        || orZero(recorded.getReplicas()) != orZero(status.getReplicas())
        || orZero(recorded.getReadyReplicas()) != orZero(status.getReadyReplicas())
        || orZero(recorded.getAvailableReplicas()) != orZero(status.getAvailableReplicas())
        || orZero(recorded.getCurrentReplicas()) != orZero(status.getCurrentReplicas())
        || orZero(recorded.getUpdatedReplicas()) != orZero(status.getUpdatedReplicas())
        || !Objects.equals(emptyToNull(recorded.getCurrentRevision()), emptyToNull(status.getCurrentRevision()))
        || !Objects.equals(emptyToNull(recorded.getUpdateRevision()), emptyToNull(status.getUpdateRevision()))
        || !Objects.equals(recorded.getCollisionCount(), status.getCollisionCount());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
