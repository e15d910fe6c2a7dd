package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import keelson.controllers.daemonset.DaemonPods;
import keelson.controllers.daemonset.Selectors;
import keelson.controllers.deployment.RolloutAction.CreateReplicaSet;
import keelson.controllers.deployment.RolloutAction.DeleteReplicaSet;
import keelson.controllers.deployment.RolloutAction.UpdateReplicaSet;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.OwnerReferences;

/**
 * Reconciles one Deployment (syncDeployment): claims ReplicaSets by selector, plans with {@link
 * RolloutPlanner}, carries the plan out through {@link DeploymentActions}, records the revision
 * and writes status. ReplicaSet updates carry the cached resourceVersion, so a decision made on a
 * stale cache fails with a conflict and is retried, as upstream relies on.
 */
public final class DeploymentSync {
  public static final String SCALING_REPLICA_SET = "ScalingReplicaSet";
  public static final String FAILED_RS_CREATE = "ReplicaSetCreateError";

  private final DeploymentCache cache;
  private final DeploymentActions actions;
  private final Clock clock;
  /**
   * The generation of each ReplicaSet this controller last wrote (by namespace/name): until the
   * cache shows it, the cache is behind our own writes and a decision on it could overshoot
   * (upstream has this race; a set's count read before our own scale-up would be too low).
   */
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  private record Written(long generation, Instant at) {}

  /** How long to wait for the cache to show our write before assuming the object changed otherwise. */
  private static final Duration CACHE_WAIT = Duration.ofSeconds(30);

  public DeploymentSync(DeploymentCache cache, DeploymentActions actions, Clock clock) {
    this.cache = cache;
    this.actions = actions;
    this.clock = clock;
  }

  /**
   * Reconciles the deployment with this key.
   *
   * @return a delay after which to look again (the progress deadline), if any
   * @throws RuntimeException to be retried with back-off (a conflict or a refused write)
   */
  public Optional<Duration> reconcile(String key) {
    Optional<Deployment> found = cache.deployment(Keys.namespace(key), Keys.name(key));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Deployment d = found.get();
    if (cacheBehindOwnWrites(d)) {
      return Optional.empty(); // the ReplicaSet's watch event will queue the deployment again
    }
    List<ReplicaSet> owned = claimReplicaSets(d);
    List<Pod> pods = DeploymentPlanner.isRollingUpdate(d) ? List.of() : podsOf(d, owned);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    RolloutPlan plan = RolloutPlanner.plan(new DeploymentObservation(d, owned, pods), now);
    for (RolloutPlan.Event e : plan.events()) {
      actions.event(d, e.type(), e.reason(), e.message());
    }
    for (RolloutAction action : plan.actions()) {
      execute(d, action, now);
    }
    Deployment current = d;
    if (plan.revision().isPresent()) {
      current = actions.annotateRevision(d, plan.revision().get());
    }
    if (!Objects.equals(plan.status(), d.getStatus())) {
      actions.updateStatus(current, plan.status());
    }
    return plan.requeueAfter();
  }

  private void execute(Deployment d, RolloutAction action, Instant now) {
    ReplicaSet rs = action.replicaSet();
    String name = rs.getMetadata().getName();
    int size = DeploymentPlanner.specReplicas(rs);
    switch (action) {
      case CreateReplicaSet create -> {
        try {
          remember(actions.createReplicaSet(rs));
        } catch (DeploymentActions.Conflict e) {
          alreadyExists(d, rs);
          throw e;
        } catch (RuntimeException e) {
          String message = "Failed to create new replica set \"" + name + "\": " + e.getMessage();
          actions.event(d, "Warning", FAILED_RS_CREATE, message);
          Integer deadline = d.getSpec().getProgressDeadlineSeconds();
          if (deadline != null && deadline != Integer.MAX_VALUE) {
            DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : DaemonPods.copy(d.getStatus());
            if (status.getConditions() == null) {
              status.setConditions(new ArrayList<>());
            }
            DeploymentStatuses.set(status, DeploymentStatuses.condition("Progressing", "False", FAILED_RS_CREATE,
                message, now));
            try {
              actions.updateStatus(d, status);
            } catch (RuntimeException ignored) {
              // the creation failure is what gets reported and retried
            }
          }
          throw e;
        }
        if (size > 0) {
          actions.event(d, "Normal", SCALING_REPLICA_SET, "Scaled up replica set " + name + " from 0 to " + size);
        }
      }
      case UpdateReplicaSet update -> {
        remember(actions.updateReplicaSet(rs));
        if (update.fromReplicas() != size) {
          actions.event(d, "Normal", SCALING_REPLICA_SET, "Scaled " + (size > update.fromReplicas() ? "up" : "down")
              + " replica set " + name + " from " + update.fromReplicas() + " to " + size);
        }
      }
      case DeleteReplicaSet delete -> {
        written.remove(Keys.of(rs));
        actions.deleteReplicaSet(rs);
      }
    }
  }

  private void remember(ReplicaSet stored) {
    if (stored != null && stored.getMetadata().getGeneration() != null) {
      written.put(Keys.of(stored), new Written(stored.getMetadata().getGeneration(), clock.instant()));
    }
  }

  /** Returns whether a ReplicaSet we wrote is missing from the cache or older there than written. */
  private boolean cacheBehindOwnWrites(Deployment d) {
    String prefix = d.getMetadata().getNamespace() + "/" + d.getMetadata().getName() + "-";
    Map<String, ReplicaSet> cached = new HashMap<>();
    for (ReplicaSet rs : cache.replicaSets(d.getMetadata().getNamespace())) {
      cached.put(Keys.of(rs), rs);
    }
    Instant now = clock.instant();
    boolean behind = false;
    for (Map.Entry<String, Written> e : written.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      ReplicaSet rs = cached.get(e.getKey());
      long generation = rs == null || rs.getMetadata().getGeneration() == null ? -1 : rs.getMetadata().getGeneration();
      if (generation >= e.getValue().generation() || now.isAfter(e.getValue().at().plus(CACHE_WAIT))) {
        written.remove(e.getKey(), e.getValue());
      } else {
        behind = true;
      }
    }
    return behind;
  }

  /**
   * A new ReplicaSet's name is taken: if it is ours with the same template the cache is merely
   * behind; otherwise the hash collided, and collisionCount goes up so the next hash differs.
   */
  private void alreadyExists(Deployment d, ReplicaSet planned) {
    Optional<ReplicaSet> existing = actions.readReplicaSet(planned.getMetadata().getNamespace(),
        planned.getMetadata().getName());
    if (existing.isEmpty()) {
      return;
    }
    boolean ours = OwnerReferences.isControlledBy(existing.get(), d)
        && DeploymentRevisions.equalIgnoreHash(d.getSpec().getTemplate(), existing.get().getSpec().getTemplate());
    if (!ours) {
      DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : DaemonPods.copy(d.getStatus());
      status.setCollisionCount(status.getCollisionCount() == null ? 1 : status.getCollisionCount() + 1);
      actions.updateStatus(d, status);
    }
  }

  /**
   * Returns the ReplicaSets the deployment controls after adopting matching orphans and releasing
   * those it no longer selects (ClaimReplicaSets); none are claimed with an empty selector.
   */
  private List<ReplicaSet> claimReplicaSets(Deployment d) {
    boolean selectsAll = Selectors.isEmpty(d.getSpec().getSelector());
    boolean deleting = d.getMetadata().getDeletionTimestamp() != null;
    List<ReplicaSet> owned = new ArrayList<>();
    Boolean canAdopt = null;
    for (ReplicaSet rs : cache.replicaSets(d.getMetadata().getNamespace())) {
      boolean selected = !selectsAll && Selectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabels());
      Optional<OwnerReference> ref = OwnerReferences.controllerOf(rs);
      if (ref.isPresent()) {
        if (!Objects.equals(ref.get().getUid(), d.getMetadata().getUid())) {
          continue;
        }
        if (selected || selectsAll) {
          owned.add(rs);
        } else if (!deleting) {
          actions.releaseReplicaSet(d, rs);
        }
        continue;
      }
      if (!selected || deleting || rs.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (canAdopt == null) {
        Optional<Deployment> fresh = actions.readDeployment(d.getMetadata().getNamespace(), d.getMetadata().getName());
        canAdopt = fresh.isPresent() && Objects.equals(fresh.get().getMetadata().getUid(), d.getMetadata().getUid())
            && fresh.get().getMetadata().getDeletionTimestamp() == null;
      }
      if (!canAdopt) {
        continue;
      }
      actions.adoptReplicaSet(d, rs);
      ReplicaSet adopted = DaemonPods.copy(rs);
      List<OwnerReference> refs = new ArrayList<>(adopted.getMetadata().getOwnerReferences() == null
          ? List.of() : adopted.getMetadata().getOwnerReferences());
      refs.add(OwnerReferences.controllerReference(d));
      adopted.getMetadata().setOwnerReferences(refs);
      owned.add(adopted);
    }
    return owned;
  }

  /** Returns the pods the deployment selects that its ReplicaSets control (getPodMapForDeployment). */
  private List<Pod> podsOf(Deployment d, List<ReplicaSet> owned) {
    Set<String> uids = owned.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
    return cache.pods(d.getMetadata().getNamespace()).stream()
        .filter(p -> Selectors.matches(d.getSpec().getSelector(), p.getMetadata().getLabels()))
        .filter(p -> OwnerReferences.controllerOf(p).map(r -> uids.contains(r.getUid())).orElse(false))
        .toList();
  }
}
