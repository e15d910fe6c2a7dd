package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keelson.controllers.daemonset.DaemonPods;
import keelson.controllers.daemonset.Selectors;
import keelson.controllers.deployment.RolloutAction.CreateReplicaSet;
import keelson.controllers.deployment.RolloutAction.DeleteReplicaSet;
import keelson.controllers.deployment.RolloutAction.UpdateReplicaSet;
import keelson.controllers.deployment.RolloutPlan.Event;

/**
 * Plans one Deployment sync without I/O, in the order of pkg/controller/deployment's syncDeployment:
 * status only while being deleted, paused conditions, proportional scaling (a scaling event or a
 * paused deployment), else one RollingUpdate or Recreate step; old ReplicaSets beyond the history
 * limit are deleted once the rollout is complete. Works on copies of the observed objects; each
 * ReplicaSet gets at most one action, carrying all of its changes.
 */
public final class RolloutPlanner {
  public static final String PAUSED = "DeploymentPaused";
  public static final String RESUMED = "DeploymentResumed";
  public static final String SELECTING_ALL = "SelectingAll";

  private RolloutPlanner() {}

  /** Returns the plan for one sync at {@code now} (whole seconds, as condition times are). */
  public static RolloutPlan plan(DeploymentObservation observation, Instant now) {
    return new Pass(observation, now).run();
  }

  /** The new ReplicaSet (null if none matches the template) and all the others. */
  private record NewAndOld(ReplicaSet newRs, List<ReplicaSet> old) {
    List<ReplicaSet> all() {
      List<ReplicaSet> all = new ArrayList<>(old);
      if (newRs != null) {
        all.add(newRs);
      }
      return all;
    }
  }

  private static final class Pass {
    private final Deployment d;
    private final Instant now;
    private final List<Pod> pods;
    /** Working copies by name; planned changes are applied to them. */
    private final Map<String, ReplicaSet> sets = new LinkedHashMap<>();
    private final Map<String, Integer> sizesBefore = new LinkedHashMap<>();
    private final Map<String, RolloutAction> actions = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private String revision;

    Pass(DeploymentObservation o, Instant now) {
      // Copies, so that planning never mutates the informer's cached objects.
      this.d = DaemonPods.copy(o.deployment());
      this.now = now;
      this.pods = o.pods();
      if (d.getStatus() == null) {
        d.setStatus(new DeploymentStatus());
      }
      d.getStatus().setConditions(new ArrayList<>(d.getStatus().getConditions() == null ? List.of()
          : d.getStatus().getConditions()));
      for (ReplicaSet rs : o.replicaSets()) {
        ReplicaSet copy = DaemonPods.copy(rs);
        sets.put(rs.getMetadata().getName(), copy);
        sizesBefore.put(rs.getMetadata().getName(), DeploymentPlanner.specReplicas(copy));
      }
    }

    RolloutPlan run() {
      if (Selectors.isEmpty(d.getSpec().getSelector())) {
        events.add(new Event("Warning", SELECTING_ALL,
            "This deployment is selecting all pods. A non-empty selector is required."));
        DeploymentStatus status = DaemonPods.copy(d.getStatus());
        long generation = generation(d);
        if (status.getObservedGeneration() == null || status.getObservedGeneration() < generation) {
          status.setObservedGeneration(generation);
        }
        return finish(status, Optional.empty());
      }
      if (d.getMetadata().getDeletionTimestamp() != null) {
        NewAndOld n = findAll(false);
        return finish(calculatedOnly(n), Optional.empty());
      }
      checkPausedConditions();
      if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
        return sync();
      }
      if (isScalingEvent()) {
        return sync();
      }
      return DeploymentPlanner.isRollingUpdate(d) ? rolling() : recreate();
    }

    // ---- strategies -------------------------------------------------------------------------

    /** rolloutRolling: scale the new set up if the surge allows, else old ones down, else clean up. */
    private RolloutPlan rolling() {
      NewAndOld n = findAll(true);
      if (n == null) {
        return collision();
      }
      if (reconcileNew(n) || reconcileOld(n)) {
        return rolloutStatus(n);
      }
      if (DeploymentStatuses.isComplete(d, d.getStatus())) {
        cleanup(n.old());
      }
      return rolloutStatus(n);
    }

    /** rolloutRecreate: old sets to 0, wait until none of their pods runs, then the new set to full size. */
    private RolloutPlan recreate() {
      NewAndOld n = findAll(false);
      boolean scaledDown = false;
      for (ReplicaSet rs : active(n.old())) {
        scaledDown |= scale(rs, 0);
      }
      if (scaledDown || oldPodsRunning(n)) {
        return rolloutStatus(n);
      }
      if (n.newRs() == null) {
        n = findAll(true);
        if (n == null) {
          return collision();
        }
      }
      scale(n.newRs(), DeploymentPlanner.replicas(d));
      if (DeploymentStatuses.isComplete(d, d.getStatus())) {
        cleanup(n.old());
      }
      return rolloutStatus(n);
    }

    /** sync: proportional scaling only (no new ReplicaSet), cleanup when paused, status without progress. */
    private RolloutPlan sync() {
      NewAndOld n = findAll(false);
      scaleProportionally(n);
      if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
        cleanup(n.old());
      }
      return finish(calculatedOnly(n), Optional.empty());
    }

    private RolloutPlan collision() {
      DeploymentStatus status = DaemonPods.copy(d.getStatus());
      status.setCollisionCount(status.getCollisionCount() == null ? 1 : status.getCollisionCount() + 1);
      return finish(status, Optional.of(Duration.ZERO));
    }

    // ---- the new ReplicaSet ------------------------------------------------------------------

    /**
     * getAllReplicaSetsAndSyncRevision: the oldest set whose template equals the deployment's is
     * the new one; its revision becomes max(old)+1 (moving it there on a rollback). With {@code
     * create}, a missing new set is planned. Returns null on a hash collision with a set of another
     * template.
     */
    private NewAndOld findAll(boolean create) {
      List<ReplicaSet> all = new ArrayList<>(sets.values());
      all.sort(DeploymentPlanner.BY_CREATION);
      ReplicaSet newRs = all.stream()
          .filter(rs -> DeploymentRevisions.equalIgnoreHash(d.getSpec().getTemplate(), rs.getSpec().getTemplate()))
          .findFirst().orElse(null);
      List<ReplicaSet> old = all.stream().filter(rs -> rs != newRs).toList();
      long newRevision = DeploymentRevisions.maxRevision(old) + 1;
      if (newRs != null) {
        boolean changed = DeploymentRevisions.setNewReplicaSetAnnotations(d, newRs, newRevision, true);
        if (n(newRs.getSpec().getMinReadySeconds()) != n(d.getSpec().getMinReadySeconds())) {
          newRs.getSpec().setMinReadySeconds(d.getSpec().getMinReadySeconds());
          changed = true;
        }
        if (changed) {
          record(newRs);
        }
        syncRevision(newRs.getMetadata().getAnnotations().get(DeploymentRevisions.REVISION));
        if (hasProgressDeadline() && DeploymentStatuses.get(d.getStatus(), "Progressing").isEmpty()) {
          DeploymentStatuses.set(d.getStatus(), DeploymentStatuses.condition("Progressing", "True",
              DeploymentStatuses.FOUND_NEW_RS, "Found new replica set \"" + newRs.getMetadata().getName() + "\"", now));
        }
        return new NewAndOld(newRs, old);
      }
      if (!create) {
        return new NewAndOld(null, old);
      }
      String hash = DeploymentRevisions.hash(d.getSpec().getTemplate(), d.getStatus().getCollisionCount());
      ReplicaSet fresh = DeploymentRevisions.newReplicaSet(d, hash, newRevision, 0);
      if (sets.containsKey(fresh.getMetadata().getName())) {
        return null; // same name, other template: a hash collision
      }
      List<ReplicaSet> withNew = new ArrayList<>(old);
      withNew.add(fresh);
      fresh.getSpec().setReplicas(DeploymentPlanner.newReplicaSetReplicas(d, withNew, fresh));
      sets.put(fresh.getMetadata().getName(), fresh);
      sizesBefore.put(fresh.getMetadata().getName(), 0);
      actions.put(fresh.getMetadata().getName(), new CreateReplicaSet(fresh));
      syncRevision(Long.toString(newRevision));
      if (hasProgressDeadline()) {
        DeploymentStatuses.set(d.getStatus(), DeploymentStatuses.condition("Progressing", "True",
            DeploymentStatuses.NEW_RS_CREATED, "Created new replica set \"" + fresh.getMetadata().getName() + "\"", now));
      }
      return new NewAndOld(fresh, old);
    }

    /** reconcileNewReplicaSet: down to the desired size at once, up as far as the surge allows. */
    private boolean reconcileNew(NewAndOld n) {
      int replicas = DeploymentPlanner.replicas(d);
      int current = DeploymentPlanner.specReplicas(n.newRs());
      if (current == replicas) {
        return false;
      }
      if (current > replicas) {
        return scale(n.newRs(), replicas);
      }
      return scale(n.newRs(), DeploymentPlanner.newReplicaSetReplicas(d, n.all(), n.newRs()));
    }

    /** reconcileOldReplicaSets: unhealthy old replicas first, then as far as minAvailable allows. */
    private boolean reconcileOld(NewAndOld n) {
      boolean scaled = false;
      for (Map.Entry<String, Integer> e : DeploymentPlanner.scaleDownOld(d, active(n.old()), n.newRs()).entrySet()) {
        scaled |= scale(sets.get(e.getKey()), e.getValue());
      }
      return scaled;
    }

    /** oldPodsRunning: old sets still report replicas, or a pod of theirs is not terminal (even if terminating). */
    private boolean oldPodsRunning(NewAndOld n) {
      if (n.old().stream().mapToInt(RolloutPlanner::actual).sum() > 0) {
        return true;
      }
      String newUid = n.newRs() == null ? null : n.newRs().getMetadata().getUid();
      for (Pod pod : pods) {
        String owner = keelson.controllers.runtime.OwnerReferences.controllerOf(pod).map(r -> r.getUid()).orElse(null);
        if (owner == null || owner.equals(newUid)) {
          continue;
        }
        String phase = DaemonPods.phase(pod);
        if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
          return true;
        }
      }
      return false;
    }

    // ---- proportional scaling ------------------------------------------------------------------

    /** isScalingEvent: an active set's desired-replicas annotation differs from spec.replicas. */
    private boolean isScalingEvent() {
      NewAndOld n = findAll(false);
      int replicas = DeploymentPlanner.replicas(d);
      for (ReplicaSet rs : active(n.all())) {
        Optional<Integer> desired = intAnnotation(rs, DeploymentRevisions.DESIRED_REPLICAS);
        if (desired.isPresent() && desired.get() != replicas) {
          return true;
        }
      }
      return false;
    }

    /**
     * scale (sync.go): the only active (or latest) set takes all replicas; a saturated new set
     * leaves old ones at 0; otherwise, for RollingUpdate, the difference to replicas + maxSurge is
     * spread over active sets in proportion to their size, leftovers to the largest.
     */
    private void scaleProportionally(NewAndOld n) {
      int replicas = DeploymentPlanner.replicas(d);
      ReplicaSet target = activeOrLatest(n);
      if (target != null) {
        scale(target, replicas);
        return;
      }
      if (isSaturated(n.newRs())) {
        for (ReplicaSet rs : active(n.old())) {
          scale(rs, 0);
        }
        return;
      }
      if (!DeploymentPlanner.isRollingUpdate(d)) {
        return;
      }
      List<ReplicaSet> all = new ArrayList<>(active(n.all()));
      int total = all.stream().mapToInt(DeploymentPlanner::specReplicas).sum();
      int allowed = replicas > 0 ? replicas + DeploymentPlanner.maxSurge(d) : 0;
      int toAdd = allowed - total;
      Comparator<ReplicaSet> larger = Comparator.comparingInt(DeploymentPlanner::specReplicas).reversed();
      if (toAdd > 0) {
        all.sort(larger.thenComparing(DeploymentPlanner.BY_CREATION.reversed())); // newer first on ties
      } else if (toAdd < 0) {
        all.sort(larger.thenComparing(DeploymentPlanner.BY_CREATION)); // older first on ties
      }
      int added = 0;
      Map<String, Integer> sizes = new LinkedHashMap<>();
      for (ReplicaSet rs : all) {
        int proportion = toAdd == 0 ? 0 : proportion(rs, toAdd, added);
        sizes.put(rs.getMetadata().getName(), DeploymentPlanner.specReplicas(rs) + proportion);
        added += proportion;
      }
      for (int i = 0; i < all.size(); i++) {
        ReplicaSet rs = all.get(i);
        int size = sizes.get(rs.getMetadata().getName());
        if (i == 0 && toAdd != 0) {
          size = Math.max(0, size + toAdd - added);
        }
        scaleWithAnnotations(rs, size);
      }
    }

    /** GetReplicaSetProportion: the set's share of the change, bounded by what is left to add or remove. */
    private int proportion(ReplicaSet rs, int toAdd, int added) {
      int size = DeploymentPlanner.specReplicas(rs);
      if (size == 0 || toAdd == added) {
        return 0;
      }
      int fraction;
      int replicas = DeploymentPlanner.replicas(d);
      if (replicas == 0) {
        fraction = -size;
      } else {
        int max = replicas + DeploymentPlanner.maxSurge(d);
        int before = intAnnotation(rs, DeploymentRevisions.MAX_REPLICAS).filter(v -> v != 0)
            .orElse(n(d.getStatus().getReplicas()));
        fraction = before == 0 ? 0 : roundHalfAway((double) size * max / before) - size;
      }
      int allowed = toAdd - added;
      return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /** FindActiveOrLatest: the one active set, or the newest if none is active; null if several are. */
    private static ReplicaSet activeOrLatest(NewAndOld n) {
      if (n.newRs() == null && n.old().isEmpty()) {
        return null;
      }
      List<ReplicaSet> active = active(n.all());
      if (active.size() == 1) {
        return active.get(0);
      }
      if (!active.isEmpty()) {
        return null;
      }
      if (n.newRs() != null) {
        return n.newRs();
      }
      return n.old().stream().max(DeploymentPlanner.BY_CREATION).orElseThrow();
    }

    private boolean isSaturated(ReplicaSet rs) {
      if (rs == null) {
        return false;
      }
      int replicas = DeploymentPlanner.replicas(d);
      return DeploymentPlanner.specReplicas(rs) == replicas
          && intAnnotation(rs, DeploymentRevisions.DESIRED_REPLICAS).orElse(-1) == replicas
          && DeploymentPlanner.available(rs) == replicas;
    }

    // ---- ReplicaSet changes ------------------------------------------------------------------

    /** scaleReplicaSetAndRecordEvent: only if the size changes; stamps desired/max replicas. */
    private boolean scale(ReplicaSet rs, int size) {
      if (DeploymentPlanner.specReplicas(rs) == size) {
        return false;
      }
      return scaleWithAnnotations(rs, size);
    }

    /** scaleReplicaSet: writes when the size or the desired/max annotations change. */
    private boolean scaleWithAnnotations(ReplicaSet rs, int size) {
      int replicas = DeploymentPlanner.replicas(d);
      boolean resized = DeploymentPlanner.specReplicas(rs) != size;
      boolean annotated = DeploymentRevisions.setReplicasAnnotations(rs, replicas,
          replicas + DeploymentPlanner.maxSurge(d));
      if (!resized && !annotated) {
        return false;
      }
      rs.getSpec().setReplicas(size);
      record(rs);
      return resized;
    }

    private void record(ReplicaSet rs) {
      String name = rs.getMetadata().getName();
      // The working copy is shared with an earlier action on the same set, which thus carries all changes.
      actions.putIfAbsent(name, new UpdateReplicaSet(rs, sizesBefore.getOrDefault(name, 0)));
    }

    /** cleanupDeployment: delete old sets beyond revisionHistoryLimit that have scaled to nothing. */
    private void cleanup(List<ReplicaSet> old) {
      if (d.getSpec().getRevisionHistoryLimit() != null && d.getSpec().getRevisionHistoryLimit() == Integer.MAX_VALUE) {
        return;
      }
      for (ReplicaSet rs : DeploymentPlanner.toCleanUp(d, old)) {
        actions.put(rs.getMetadata().getName(), new DeleteReplicaSet(rs));
      }
    }

    // ---- conditions and status ---------------------------------------------------------------

    /** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed, unless timed out. */
    private void checkPausedConditions() {
      if (!hasProgressDeadline()) {
        return;
      }
      Optional<DeploymentCondition> cond = DeploymentStatuses.get(d.getStatus(), "Progressing");
      if (cond.isPresent() && DeploymentStatuses.TIMED_OUT.equals(cond.get().getReason())) {
        return;
      }
      boolean pausedCond = cond.isPresent() && PAUSED.equals(cond.get().getReason());
      boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
      if (paused && !pausedCond) {
        DeploymentStatuses.set(d.getStatus(), DeploymentStatuses.condition("Progressing", "Unknown", PAUSED,
            "Deployment is paused", now));
      } else if (!paused && pausedCond) {
        DeploymentStatuses.set(d.getStatus(), DeploymentStatuses.condition("Progressing", "Unknown", RESUMED,
            "Deployment is resumed", now));
      }
    }

    /** syncRolloutStatus: counters, Available and Progressing; look again at the progress deadline. */
    private RolloutPlan rolloutStatus(NewAndOld n) {
      DeploymentStatus status = DeploymentStatuses.next(d, n.all(), n.newRs(), now);
      return finish(status, requeueStuck(status));
    }

    /** calculateStatus: counters and Available; the Progressing condition stays as it is. */
    private DeploymentStatus calculatedOnly(NewAndOld n) {
      DeploymentStatus status = DeploymentStatuses.next(d, n.all(), n.newRs(), now);
      Optional<DeploymentCondition> before = DeploymentStatuses.get(d.getStatus(), "Progressing");
      List<DeploymentCondition> conditions = status.getConditions();
      int at = -1;
      for (int i = 0; i < conditions.size(); i++) {
        if ("Progressing".equals(conditions.get(i).getType())) {
          at = i;
        }
      }
      if (at >= 0 && before.isPresent()) {
        conditions.set(at, before.get());
      } else if (at >= 0) {
        conditions.remove(at);
      } else {
        before.ifPresent(conditions::add);
      }
      return status;
    }

    /** requeueStuckDeployment: when an unfinished rollout would pass its deadline. */
    private Optional<Duration> requeueStuck(DeploymentStatus status) {
      Optional<DeploymentCondition> cond = DeploymentStatuses.get(status, "Progressing");
      if (!hasProgressDeadline() || cond.isEmpty() || cond.get().getLastUpdateTime() == null) {
        return Optional.empty();
      }
      if (DeploymentStatuses.isComplete(d, status) || DeploymentStatuses.TIMED_OUT.equals(cond.get().getReason())) {
        return Optional.empty();
      }
      Duration after = Duration.between(now, Instant.parse(cond.get().getLastUpdateTime())
          .plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
      return Optional.of(after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
          : after.plusSeconds(1));
    }

    private RolloutPlan finish(DeploymentStatus status, Optional<Duration> requeue) {
      return new RolloutPlan(List.copyOf(actions.values()), Optional.ofNullable(revision), status,
          List.copyOf(events), requeue);
    }

    private void syncRevision(String wanted) {
      if (wanted == null) {
        return;
      }
      Map<String, String> annotations = d.getMetadata().getAnnotations();
      if (annotations == null || !wanted.equals(annotations.get(DeploymentRevisions.REVISION))) {
        if (annotations == null) {
          d.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        d.getMetadata().getAnnotations().put(DeploymentRevisions.REVISION, wanted);
        revision = wanted;
      }
    }

    private boolean hasProgressDeadline() {
      Integer deadline = d.getSpec().getProgressDeadlineSeconds();
      return deadline != null && deadline != Integer.MAX_VALUE;
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static List<ReplicaSet> active(List<ReplicaSet> sets) {
    return sets.stream().filter(rs -> DeploymentPlanner.specReplicas(rs) > 0).toList();
  }

  private static int actual(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
  }

  private static Optional<Integer> intAnnotation(ReplicaSet rs, String key) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    if (annotations == null || annotations.get(key) == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(annotations.get(key)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static long generation(Deployment d) {
    return d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
  }

  private static int n(Integer value) {
    return value == null ? 0 : value;
  }

  /** Rounds half away from zero, as Go's math.Round. */
  private static int roundHalfAway(double value) {
    return (int) (Math.signum(value) * Math.round(Math.abs(value)));
  }
}
