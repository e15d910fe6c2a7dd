package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import keelson.controllers.daemonset.PodAction.CreatePod;
import keelson.controllers.daemonset.PodAction.DeletePod;
import keelson.controllers.daemonset.PodAction.DeleteReason;

/**
 * Decides, without I/O, what a DaemonSet needs: which nodes should run its pod, which pods to
 * create and delete, how far a rolling update may go, and the status. Mirrors
 * pkg/controller/daemon (daemon_controller.go manage/podsShouldBeOnNode/updateDaemonSetStatus and
 * update.go rollingUpdate).
 */
public final class DaemonSetPlanner {
  /**
   * At most this many creations and this many deletions per sync. Upstream's burstReplicas is 250;
   * each sync then waits until its creations are seen in the cache, so a DaemonSet on 5,000 nodes
   * takes 20 such round trips. Simulated kubelets need no protection from a burst, so this is the
   * ReplicaSet controller's 500; slow start still guards against a template the API refuses.
   */
  public static final int BURST_REPLICAS = 500;

  private DaemonSetPlanner() {}

  /** Whether a node should run a daemon pod now, and whether an existing one may stay. */
  public record NodeDecision(boolean shouldRun, boolean shouldContinueRunning) {}

  /**
   * Returns whether {@code node} should run {@code ds}'s pod and whether a pod already there should
   * continue running (NodeShouldRunDaemonPod). The hypothetical pod is the template plus the
   * automatic daemon tolerations; readiness, cordoning and resources are not considered. An
   * untolerated NoSchedule taint stops new pods but lets an existing one stay; an untolerated
   * NoExecute taint evicts it.
   */
  public static NodeDecision shouldRun(Node node, DaemonSet ds) {
    return shouldRun(node, ds, DaemonPods.withDaemonTolerations(ds.getSpec().getTemplate().getSpec()));
  }

  /** As {@link #shouldRun(Node, DaemonSet)}, with the daemon pod's tolerations already worked out. */
  static NodeDecision shouldRun(Node node, DaemonSet ds, List<Toleration> tolerations) {
    PodSpec spec = ds.getSpec().getTemplate().getSpec();
    String nodeName = node.getMetadata().getName();
    if (spec.getNodeName() != null && !spec.getNodeName().isEmpty() && !spec.getNodeName().equals(nodeName)) {
      return new NodeDecision(false, false);
    }
    if (!NodeFit.matchesNodeAffinity(spec, node)) {
      return new NodeDecision(false, false);
    }
    var taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (taints == null || taints.isEmpty()) {
      return RUN;
    }
    boolean fitsTaints = NodeFit.firstUntoleratedTaint(taints, tolerations,
        t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())).isEmpty();
    if (fitsTaints) {
      return RUN;
    }
    boolean untoleratedNoExecute = NodeFit.firstUntoleratedTaint(taints, tolerations,
        t -> "NoExecute".equals(t.getEffect())).isPresent();
    return new NodeDecision(false, !untoleratedNoExecute);
  }

  private static final NodeDecision RUN = new NodeDecision(true, true);

  /**
   * Returns the plan for one sync. The per-node pass (creations and deletions) comes first; only
   * if it has nothing to do and the strategy is RollingUpdate is the rolling-update pass planned,
   * as upstream runs it only once the manage pass left no outstanding expectations.
   */
  public static DaemonSetPlan plan(DaemonSetObservation observation, Instant now) {
    DaemonSet ds = observation.daemonSet();
    Map<String, List<Pod>> byNode = podsByNode(observation.pods());
    // Worked out once per plan: a DaemonSet on 5,000 nodes is planned again after every burst.
    List<Toleration> tolerations = DaemonPods.withDaemonTolerations(ds.getSpec().getTemplate().getSpec());
    Map<String, NodeDecision> decisions = new LinkedHashMap<>();
    for (Node node : observation.nodes()) {
      decisions.put(node.getMetadata().getName(), shouldRun(node, ds, tolerations));
    }
    List<Duration> requeue = new ArrayList<>();
    Wanted wanted = manage(observation, byNode, decisions, requeue);
    if (wanted.isEmpty() && isRollingUpdate(ds) && anyOutdated(observation)) {
      wanted = rollingUpdate(observation, byNode, decisions, now);
    }
    List<PodAction> capped = capBurst(wanted, observation);
    DaemonSetCounts counts = counts(observation, byNode, decisions, now);
    int minReady = minReadySeconds(ds);
    if (minReady > 0 && counts.ready() != counts.available()) {
      // Look again once the ready pods may have become available (upstream's clock-skew guard).
      requeue.add(Duration.ofSeconds(minReady));
    }
    return new DaemonSetPlan(capped, counts, requeue.stream().min(Duration::compareTo));
  }

  /**
   * Groups daemon pods by target node, leaving out pods that are both terminal and being deleted
   * and pods without a target node (getNodesToDaemonPods).
   */
  static Map<String, List<Pod>> podsByNode(List<Pod> pods) {
    Map<String, List<Pod>> byNode = new LinkedHashMap<>();
    for (Pod pod : pods) {
      if (DaemonPods.isDeletedTerminal(pod)) {
        continue;
      }
      DaemonPods.targetNodeName(pod).ifPresent(n -> byNode.computeIfAbsent(n, k -> new ArrayList<>()).add(pod));
    }
    return byNode;
  }

  /**
   * What a pass wants before the burst cap: the nodes that need a new pod (built only for those
   * within the cap) and the pods to delete.
   */
  private record Wanted(List<String> createOn, List<DeletePod> deletes) {
    boolean isEmpty() {
      return createOn.isEmpty() && deletes.isEmpty();
    }
  }

  private static Wanted manage(DaemonSetObservation observation, Map<String, List<Pod>> byNode,
      Map<String, NodeDecision> decisions, List<Duration> requeue) {
    DaemonSet ds = observation.daemonSet();
    boolean surge = allowsSurge(ds);
    List<String> creates = new ArrayList<>();
    List<DeletePod> deletes = new ArrayList<>();
    for (Map.Entry<String, NodeDecision> entry : decisions.entrySet()) {
      String node = entry.getKey();
      NodeDecision decision = entry.getValue();
      List<Pod> pods = byNode.get(node);
      if (decision.shouldRun() && pods == null) {
        creates.add(node);
      } else if (decision.shouldContinueRunning()) {
        if (pods == null) {
          continue;
        }
        List<Pod> running = new ArrayList<>();
        for (Pod pod : pods) {
          if (DaemonPods.isTerminating(pod)) {
            continue;
          }
          String phase = DaemonPods.phase(pod);
          if ("Failed".equals(phase)) {
            Duration backoff = observation.failedPodBackoff().get(node);
            if (backoff != null) {
              requeue.add(backoff);
              continue;
            }
            deletes.add(new DeletePod(pod, node, DeleteReason.FAILED));
          } else if ("Succeeded".equals(phase)) {
            deletes.add(new DeletePod(pod, node, DeleteReason.SUCCEEDED));
          } else {
            running.add(pod);
          }
        }
        if (running.size() <= 1) {
          continue;
        }
        running.sort(DaemonPods.OLDEST_FIRST);
        if (!surge) {
          // Keep only the oldest running pod.
          for (Pod extra : running.subList(1, running.size())) {
            deletes.add(new DeletePod(extra, node, DeleteReason.DUPLICATE));
          }
        } else {
          // With surge, keep the oldest pod at the current revision and the oldest older one.
          Optional<Long> generation = DaemonPods.templateGeneration(ds);
          boolean newKept = false;
          boolean oldKept = false;
          for (Pod pod : running) {
            if (DaemonPods.isUpdated(pod, observation.hash(), generation)) {
              if (!newKept) {
                newKept = true;
                continue;
              }
            } else if (!oldKept) {
              oldKept = true;
              continue;
            }
            deletes.add(new DeletePod(pod, node, DeleteReason.DUPLICATE));
          }
        }
      } else if (pods != null) {
        for (Pod pod : pods) {
          if (!DaemonPods.isTerminating(pod)) {
            deletes.add(new DeletePod(pod, node, DeleteReason.SHOULD_NOT_RUN));
          }
        }
      }
    }
    // Pods that were never bound and whose node is gone will never start: remove them.
    for (Map.Entry<String, List<Pod>> entry : byNode.entrySet()) {
      if (decisions.containsKey(entry.getKey())) {
        continue;
      }
      for (Pod pod : entry.getValue()) {
        if (!DaemonPods.isScheduled(pod) && !DaemonPods.isTerminating(pod)) {
          deletes.add(new DeletePod(pod, entry.getKey(), DeleteReason.NODE_GONE));
        }
      }
    }
    return new Wanted(creates, deletes);
  }

  /**
   * Returns whether any live pod is not at the current revision: without one, the rolling-update
   * pass has nothing to replace (it only ever deletes or surges past old pods).
   */
  private static boolean anyOutdated(DaemonSetObservation observation) {
    String generation = generationLabel(observation.daemonSet());
    for (Pod pod : observation.pods()) {
      if (!DaemonPods.isTerminating(pod) && !DaemonPods.isUpdated(pod, observation.hash(), generation)) {
        return true;
      }
    }
    return false;
  }

  private static String generationLabel(DaemonSet ds) {
    return DaemonPods.templateGeneration(ds).map(String::valueOf).orElse(null);
  }

  /** Returns the (maxSurge, maxUnavailable) budget for {@code desired} nodes (updatedDesiredNodeCounts). */
  public static int[] budgets(DaemonSet ds, int desired) {
    int maxUnavailable = 0;
    int maxSurge = 0;
    if (isRollingUpdate(ds)) {
      RollingUpdateDaemonSet rolling = ds.getSpec().getUpdateStrategy().getRollingUpdate();
      maxUnavailable = IntOrPercents.scaled(rolling == null ? null : rolling.getMaxUnavailable(), desired, true, 1);
      maxSurge = IntOrPercents.scaled(rolling == null ? null : rolling.getMaxSurge(), desired, true, 0);
    }
    if (maxUnavailable == 0 && maxSurge == 0) {
      // An impossible configuration (both 0) falls back to accepting one unavailable node.
      maxUnavailable = 1;
    }
    return new int[] {maxSurge, maxUnavailable};
  }

  private static Wanted rollingUpdate(DaemonSetObservation observation, Map<String, List<Pod>> podsByNode,
      Map<String, NodeDecision> decisions, Instant now) {
    DaemonSet ds = observation.daemonSet();
    // Every node that should run a pod takes part, even if it has none yet.
    Map<String, List<Pod>> byNode = new LinkedHashMap<>();
    int desired = 0;
    for (Map.Entry<String, NodeDecision> e : decisions.entrySet()) {
      if (e.getValue().shouldRun()) {
        desired++;
        byNode.put(e.getKey(), podsByNode.getOrDefault(e.getKey(), List.of()));
      }
    }
    podsByNode.forEach(byNode::putIfAbsent);
    int[] budgets;
    try {
      budgets = budgets(ds, desired);
    } catch (IllegalArgumentException e) {
      return new Wanted(List.of(), List.of());
    }
    int maxSurge = budgets[0];
    int maxUnavailable = budgets[1];
    int minReady = minReadySeconds(ds);
    String generation = generationLabel(ds);
    String hash = observation.hash();
    if (maxSurge == 0) {
      int unavailable = 0;
      List<DeletePod> replacements = new ArrayList<>();
      List<DeletePod> candidates = new ArrayList<>();
      for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
        Pod[] found = newAndOld(e.getValue(), hash, generation);
        if (found == null) {
          unavailable++; // excess pods: the per-node pass cleans up first
          continue;
        }
        Pod newPod = found[0];
        Pod oldPod = found[1];
        if ((newPod == null) == (oldPod == null)) {
          unavailable++;
        } else if (newPod != null) {
          if (!DaemonPods.isAvailable(newPod, minReady, now)) {
            unavailable++;
          }
        } else if (!DaemonPods.isAvailable(oldPod, minReady, now)) {
          replacements.add(new DeletePod(oldPod, e.getKey(), DeleteReason.ROLLING_UPDATE));
        } else if (unavailable < maxUnavailable) {
          candidates.add(new DeletePod(oldPod, e.getKey(), DeleteReason.ROLLING_UPDATE));
        }
      }
      int remaining = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.size()));
      List<DeletePod> deletes = new ArrayList<>(replacements);
      deletes.addAll(candidates.subList(0, remaining));
      return new Wanted(List.of(), deletes);
    }
    int surged = 0;
    List<String> allowedNewNodes = new ArrayList<>();
    List<String> candidateNewNodes = new ArrayList<>();
    List<DeletePod> oldPodsToDelete = new ArrayList<>();
    for (Map.Entry<String, List<Pod>> e : byNode.entrySet()) {
      String node = e.getKey();
      Pod[] found = newAndOld(e.getValue(), hash, generation);
      if (found == null) {
        surged++;
        continue;
      }
      Pod newPod = found[0];
      Pod oldPod = found[1];
      if (oldPod == null) {
        continue; // nothing to replace; the per-node pass handles a missing pod
      }
      if (newPod == null) {
        if (!DaemonPods.isAvailable(oldPod, minReady, now)) {
          NodeDecision decision = decisions.get(node);
          if (decision == null || !decision.shouldRun()) {
            oldPodsToDelete.add(new DeletePod(oldPod, node, DeleteReason.ROLLING_UPDATE));
            continue;
          }
          allowedNewNodes.add(node); // an unavailable old pod is replaced regardless of budget
        } else if (surged < maxSurge) {
          candidateNewNodes.add(node);
        }
      } else if (!DaemonPods.isAvailable(newPod, minReady, now)) {
        surged++; // waiting for the surge pod to become available
      } else {
        oldPodsToDelete.add(new DeletePod(oldPod, node, DeleteReason.SURGE_REPLACED));
      }
    }
    int remaining = Math.max(0, Math.min(maxSurge - surged, candidateNewNodes.size()));
    List<String> newNodes = new ArrayList<>(allowedNewNodes);
    newNodes.addAll(candidateNewNodes.subList(0, remaining));
    return new Wanted(newNodes, oldPodsToDelete);
  }

  /**
   * Returns {new, old} among the non-terminating pods of a node, or null if there is more than one
   * of either kind (findUpdatedPodsOnNode).
   */
  private static Pod[] newAndOld(List<Pod> pods, String hash, String generation) {
    Pod newPod = null;
    Pod oldPod = null;
    for (Pod pod : pods) {
      if (DaemonPods.isTerminating(pod)) {
        continue;
      }
      if (DaemonPods.isUpdated(pod, hash, generation)) {
        if (newPod != null) {
          return null;
        }
        newPod = pod;
      } else {
        if (oldPod != null) {
          return null;
        }
        oldPod = pod;
      }
    }
    return new Pod[] {newPod, oldPod};
  }

  private static List<PodAction> capBurst(Wanted wanted, DaemonSetObservation observation) {
    List<PodAction> capped = new ArrayList<>();
    for (String node : wanted.createOn().subList(0, Math.min(BURST_REPLICAS, wanted.createOn().size()))) {
      capped.add(new CreatePod(node, DaemonPods.newPod(observation.daemonSet(), observation.hash(), node)));
    }
    int deletes = 0;
    Set<String> deleted = new HashSet<>();
    for (DeletePod d : wanted.deletes()) {
      if (deleted.add(d.name()) && deletes++ < BURST_REPLICAS) {
        capped.add(d);
      }
    }
    return capped;
  }

  /** Returns the status counters (updateDaemonSetStatus). */
  static DaemonSetCounts counts(DaemonSetObservation observation, Map<String, List<Pod>> byNode,
      Map<String, NodeDecision> decisions, Instant now) {
    DaemonSet ds = observation.daemonSet();
    int minReady = minReadySeconds(ds);
    String generation = generationLabel(ds);
    int desired = 0;
    int current = 0;
    int misscheduled = 0;
    int ready = 0;
    int updated = 0;
    int available = 0;
    for (Map.Entry<String, NodeDecision> e : decisions.entrySet()) {
      List<Pod> pods = byNode.getOrDefault(e.getKey(), List.of());
      boolean scheduled = !pods.isEmpty();
      if (!e.getValue().shouldRun()) {
        if (scheduled) {
          misscheduled++;
        }
        continue;
      }
      desired++;
      if (!scheduled) {
        continue;
      }
      current++;
      Pod oldest = pods.size() == 1 ? pods.get(0) : pods.stream().min(DaemonPods.OLDEST_FIRST).orElseThrow();
      if (DaemonPods.isReady(oldest)) {
        ready++;
        if (minReady <= 0 || DaemonPods.isAvailable(oldest, minReady, now)) {
          available++;
        }
      }
      if (DaemonPods.isUpdated(oldest, observation.hash(), generation)) {
        updated++;
      }
    }
    return new DaemonSetCounts(desired, current, misscheduled, ready, updated, available, desired - available);
  }

  /** Returns whether the set uses the RollingUpdate strategy (the default when unset). */
  static boolean isRollingUpdate(DaemonSet ds) {
    DaemonSetUpdateStrategy strategy = ds.getSpec().getUpdateStrategy();
    return strategy == null || strategy.getType() == null || "RollingUpdate".equals(strategy.getType());
  }

  /** Returns whether the rolling update may surge (maxSurge resolves above 0). */
  static boolean allowsSurge(DaemonSet ds) {
    if (!isRollingUpdate(ds) || ds.getSpec().getUpdateStrategy() == null
        || ds.getSpec().getUpdateStrategy().getRollingUpdate() == null) {
      return false;
    }
    try {
      // Any non-zero value (int or percent) allows surge (util.AllowsSurge scales against 100).
      return IntOrPercents.scaled(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge(), 100, true, 0) != 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static int minReadySeconds(DaemonSet ds) {
    Integer value = ds.getSpec().getMinReadySeconds();
    return value == null ? 0 : value;
  }
}
