package keelson.nodes.lifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import keelson.nodes.Times;

/**
 * Decides a Node's health from its Lease and status, and the taints that follow from its
 * conditions, as {@code pkg/controller/nodelifecycle/node_lifecycle_controller.go} does. Pure.
 */
public final class NodeLifecyclePlanner {
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
  static final List<String> CONDITION_TYPES = List.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");

  private NodeLifecyclePlanner() {}

  /**
   * What to do about one Node.
   *
   * @param status the status to write (conditions gone Unknown), or null
   * @param taints the full taint list to write, or null if the taints are right
   * @param recheckAt when the Node goes stale unless it heartbeats again, or null
   */
  public record NodePlan(NodeStatus status, List<Taint> taints, Instant recheckAt) {}

  /** Plans for {@code node}, whose kubelet last renewed {@code lease} (may be null). */
  public static NodePlan plan(Node node, Lease lease, Instant now, Duration gracePeriod) {
    Instant lastSeen = lastSeen(node, lease);
    NodeStatus status = null;
    Instant recheckAt = null;
    Instant staleAt = lastSeen.plus(gracePeriod);
    if (now.isAfter(staleAt)) {
      status = unknownStatus(node.getStatus(), node.getMetadata().getCreationTimestamp(), now);
    } else {
      recheckAt = staleAt.plusMillis(1);
    }
    NodeCondition ready = condition(status != null ? status : node.getStatus(), "Ready");
    List<Taint> taints = status != null ? null : taints(node, ready == null ? null : ready.getStatus(), now);
    return new NodePlan(status, taints, recheckAt);
  }

  /** Returns when the kubelet last showed signs of life: Lease renewal, status post, or registration. */
  static Instant lastSeen(Node node, Lease lease) {
    Instant seen = Objects.requireNonNullElse(Times.parse(node.getMetadata().getCreationTimestamp()), Instant.EPOCH);
    if (lease != null && lease.getSpec() != null && lease.getSpec().getRenewTime() != null) {
      Instant renewed = lease.getSpec().getRenewTime().toInstant();
      seen = renewed.isAfter(seen) ? renewed : seen;
    }
    NodeCondition ready = condition(node.getStatus(), "Ready");
    Instant heartbeat = ready == null ? null : Times.parse(ready.getLastHeartbeatTime());
    if (heartbeat != null && heartbeat.isAfter(seen)) {
      seen = heartbeat;
    }
    return seen;
  }

  /**
   * Returns the status with every kubelet condition Unknown, or null when it already is: reason
   * NodeStatusUnknown ("Kubelet stopped posting node status.") for conditions the kubelet posted,
   * NodeStatusNeverUpdated for those it never did.
   */
  static NodeStatus unknownStatus(NodeStatus current, String created, Instant now) {
    NodeStatus next = current == null ? new NodeStatus() : new NodeStatusBuilder(current).build();
    List<NodeCondition> conditions = new ArrayList<>(next.getConditions() == null ? List.of() : next.getConditions());
    boolean changed = false;
    for (String type : CONDITION_TYPES) {
      NodeCondition c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst().orElse(null);
      if (c == null) {
        c = new NodeCondition();
        c.setType(type);
        c.setStatus("Unknown");
        c.setReason("NodeStatusNeverUpdated");
        c.setMessage("Kubelet never posted node status.");
        c.setLastHeartbeatTime(created);
        c.setLastTransitionTime(Times.format(now));
        conditions.add(c);
        changed = true;
      } else if (!"Unknown".equals(c.getStatus())) {
        c.setStatus("Unknown");
        c.setReason("NodeStatusUnknown");
        c.setMessage("Kubelet stopped posting node status.");
        c.setLastTransitionTime(Times.format(now));
        changed = true;
      }
    }
    if (!changed) {
      return null;
    }
    next.setConditions(conditions);
    return next;
  }

  /**
   * Returns the taint list the Node should have, or null if it has it: not-ready for Ready=False,
   * unreachable for Ready=Unknown (each NoSchedule and NoExecute, the latter with timeAdded), and
   * unschedulable:NoSchedule for a cordoned Node. Other taints are kept as they are.
   */
  static List<Taint> taints(Node node, String readyStatus, Instant now) {
    List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
        : node.getSpec().getTaints();
    List<Taint> wanted = new ArrayList<>();
    if ("False".equals(readyStatus)) {
      wanted.add(new Taint("NoSchedule", NOT_READY, null, null));
      wanted.add(new Taint("NoExecute", NOT_READY, Times.format(now), null));
    } else if ("Unknown".equals(readyStatus)) {
      wanted.add(new Taint("NoSchedule", UNREACHABLE, null, null));
      wanted.add(new Taint("NoExecute", UNREACHABLE, Times.format(now), null));
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      wanted.add(new Taint("NoSchedule", UNSCHEDULABLE, null, null));
    }
    List<Taint> result = new ArrayList<>();
    boolean changed = false;
    for (Taint t : current) {
      boolean managed = NOT_READY.equals(t.getKey()) || UNREACHABLE.equals(t.getKey())
          || UNSCHEDULABLE.equals(t.getKey()) && "NoSchedule".equals(t.getEffect());
      if (!managed) {
        result.add(t);
      } else if (wanted.stream().anyMatch(w -> same(w, t))) {
        result.add(t); // keep its timeAdded
      } else {
        changed = true;
      }
    }
    for (Taint w : wanted) {
      if (current.stream().noneMatch(t -> same(w, t))) {
        result.add(w);
        changed = true;
      }
    }
    return changed ? result : null;
  }

  private static boolean same(Taint a, Taint b) {
    return Objects.equals(a.getKey(), b.getKey()) && Objects.equals(a.getEffect(), b.getEffect());
  }

  static NodeCondition condition(NodeStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
