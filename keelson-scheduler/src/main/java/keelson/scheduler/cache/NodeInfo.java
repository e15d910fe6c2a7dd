package keelson.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node as the scheduler sees it: its parsed object (labels, taints, allocatable) and what the pods
 * on it, bound or assumed, already use (requests, pod count, host ports, pods per owner).
 *
 * <p>The usage is changed only by {@link SchedulerCache}, under its lock; filters and scores read it.
 */
public final class NodeInfo {
  /** The zone label scores spread over. */
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private final String name;
  private Node node;
  private Map<String, String> labels = Map.of();
  private List<Taint> taints = List.of();
  private boolean unschedulable;
  private Resources allocatable = Resources.ZERO;
  private long allowedPods;

  private Resources requested = Resources.ZERO;
  private Resources nonZeroRequested = Resources.ZERO;
  private int podCount;
  private final List<HostPort> usedPorts = new ArrayList<>(0);
  private final Map<String, Integer> owners = new HashMap<>();

  NodeInfo(String name) {
    this.name = name;
  }

  /** Returns a node with nothing on it, for tests and planning. */
  public static NodeInfo of(Node node) {
    NodeInfo info = new NodeInfo(node.getMetadata().getName());
    info.setNode(node);
    return info;
  }

  /**
   * Replaces the node object.
   *
   * @return whether anything scheduling depends on changed (labels, taints, allocatable,
   *     unschedulable), so pods that did not fit before may fit now
   */
  boolean setNode(Node node) {
    Map<String, String> newLabels = node.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(node.getMetadata().getLabels());
    List<Taint> newTaints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : List.copyOf(node.getSpec().getTaints());
    boolean newUnschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    Map<String, Quantity> alloc = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    if (alloc == null || alloc.isEmpty()) {
      alloc = node.getStatus() == null ? null : node.getStatus().getCapacity();
    }
    Resources newAllocatable = Resources.of(alloc);
    long newAllowedPods = alloc != null && alloc.containsKey("pods") ? Resources.value(alloc.get("pods")) : 0;
    boolean changed = this.node == null || !newLabels.equals(labels) || !newTaints.equals(taints)
        || newUnschedulable != unschedulable || !newAllocatable.equals(allocatable) || newAllowedPods != allowedPods;
    this.node = node;
    this.labels = newLabels;
    this.taints = newTaints;
    this.unschedulable = newUnschedulable;
    this.allocatable = newAllocatable;
    this.allowedPods = newAllowedPods;
    return changed;
  }

  void clearNode() {
    node = null;
  }

  /** Adds a pod's usage. */
  void add(PodInfo pod) {
    requested = requested.plus(pod.requests());
    nonZeroRequested = nonZeroRequested.plus(pod.nonZeroRequests());
    podCount++;
    usedPorts.addAll(pod.hostPorts());
    if (pod.owner() != null) {
      owners.merge(pod.owner(), 1, Integer::sum);
    }
  }

  /** Removes a pod's usage. */
  void remove(PodInfo pod) {
    requested = requested.minus(pod.requests());
    nonZeroRequested = nonZeroRequested.minus(pod.nonZeroRequests());
    podCount--;
    for (HostPort p : pod.hostPorts()) {
      usedPorts.remove(p);
    }
    if (pod.owner() != null) {
      owners.computeIfPresent(pod.owner(), (k, v) -> v == 1 ? null : v - 1);
    }
  }

  /** Adds a pod's usage; for tests and for planning a sequence of placements. */
  public NodeInfo with(PodInfo pod) {
    add(pod);
    return this;
  }

  public String name() {
    return name;
  }

  /** Returns the node object, or null when the node is gone but pods still name it. */
  public Node node() {
    return node;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public List<Taint> taints() {
    return taints;
  }

  public boolean unschedulable() {
    return unschedulable;
  }

  public Resources allocatable() {
    return allocatable;
  }

  /** Returns the node's allocatable {@code pods}. */
  public long allowedPods() {
    return allowedPods;
  }

  /** Returns the sum of the requests of the pods on the node. */
  public Resources requested() {
    return requested;
  }

  /** Returns the requests with kube-scheduler's scoring defaults for containers that request nothing. */
  public Resources nonZeroRequested() {
    return nonZeroRequested;
  }

  public int podCount() {
    return podCount;
  }

  /** Returns whether any of these host ports is already taken on the node. */
  public boolean hasPortConflict(List<HostPort> wanted) {
    for (HostPort w : wanted) {
      for (HostPort used : usedPorts) {
        if (w.conflictsWith(used)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Returns how many pods with this controller owner are on the node. */
  public int ownerCount(String owner) {
    return owner == null ? 0 : owners.getOrDefault(owner, 0);
  }

  /** Returns the node's zone, or null. */
  public String zone() {
    return labels.get(ZONE_LABEL);
  }

  @Override
  public String toString() {
    return "NodeInfo[" + name + ", pods=" + podCount + ", requested=" + requested + "]";
  }
}
