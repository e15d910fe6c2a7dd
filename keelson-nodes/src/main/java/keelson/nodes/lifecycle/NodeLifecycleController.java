package keelson.nodes.lifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import keelson.nodes.DisruptionTargets;
import keelson.nodes.cluster.ClusterActions;
import keelson.nodes.cluster.ClusterView;
import keelson.nodes.lifecycle.NodeLifecyclePlanner.NodePlan;

/**
 * Acts on {@link NodeLifecyclePlanner} and {@link TaintEvictionPlanner} for one Node at a time:
 * writes Unknown conditions, then the taints, then evicts pods whose toleration ran out (a
 * DisruptionTarget condition, then a graceful delete). One write per call; the caller comes back.
 */
public final class NodeLifecycleController {
  private final ClusterView view;
  private final ClusterActions actions;
  private final Clock clock;
  private final Duration gracePeriod;
  private final Duration defaultToleration;
  static final String TTL_ANNOTATION = "node.alpha.kubernetes.io/ttl";
  /** The uids of the nodes this controller has announced with a RegisteredNode event. */
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  public NodeLifecycleController(ClusterView view, ClusterActions actions, Clock clock, Duration gracePeriod,
      Duration defaultToleration) {
    this.view = view;
    this.actions = actions;
    this.clock = clock;
    this.gracePeriod = gracePeriod;
    this.defaultToleration = defaultToleration;
  }

  /** Reconciles one Node and returns when to look again (null: only on change). */
  public Instant reconcile(String name) {
    Node node = view.node(name);
    if (node == null) {
      return null;
    }
    if (registered.add(node.getMetadata().getUid())) {
      // As kube-controller-manager's node lifecycle controller, on each node it first sees (so again
      // after a restart or a change of leader).
      actions.event(node, "Normal", "RegisteredNode", "Node " + name + " event: Registered Node " + name + " in Controller");
    }
    if (node.getMetadata().getAnnotations() == null || !node.getMetadata().getAnnotations().containsKey(TTL_ANNOTATION)) {
      // kube-controller-manager's TTL controller: 0 s (objects may be cached forever) below 100 nodes.
      Node copy = new NodeBuilder(node).build();
      Map<String, String> annotations = copy.getMetadata().getAnnotations() == null
          ? new HashMap<>() : new HashMap<>(copy.getMetadata().getAnnotations());
      annotations.put(TTL_ANNOTATION, view.nodes().size() < 100 ? "0" : "15");
      copy.getMetadata().setAnnotations(annotations);
      actions.updateNode(copy);
      return clock.instant();
    }
    Instant now = clock.instant();
    NodePlan plan = NodeLifecyclePlanner.plan(node, view.lease(name), now, gracePeriod);
    if (plan.status() != null) {
      actions.updateNodeStatus(new NodeBuilder(node).withStatus(plan.status()).build());
      actions.event(node, "Normal", "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
      return null; // the write's own update event brings the node back; sooner would only conflict
    }
    if (plan.taints() != null) {
      actions.updateNode(new NodeBuilder(node).editOrNewSpec().withTaints(plan.taints()).endSpec().build());
      return null; // as above
    }
    Instant next = plan.recheckAt();
    List<io.fabric8.kubernetes.api.model.Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (taints == null || taints.isEmpty()) {
      return next;
    }
    for (Pod pod : view.podsOnNode(name)) {
      Optional<Instant> at = TaintEvictionPlanner.evictionTime(pod, taints, now, defaultToleration);
      if (at.isEmpty()) {
        continue;
      }
      if (at.get().isAfter(now)) {
        next = next == null || at.get().isBefore(next) ? at.get() : next;
        continue;
      }
      evict(pod, now);
    }
    return next;
  }

  private void evict(Pod pod, Instant now) {
    List<PodCondition> conditions = DisruptionTargets.conditionsWith(pod, "DeletionByTaintManager",
        "Taint manager: deleting due to NoExecute taint", now);
    actions.updatePodStatus(new PodBuilder(pod).editOrNewStatus().withConditions(conditions).endStatus().build());
    actions.event(pod, "Normal", "TaintManagerEviction",
        "Marking for deletion Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
    actions.deletePod(pod, null);
  }
}
