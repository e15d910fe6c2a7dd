package keelson.nodes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import keelson.nodes.cluster.ClusterActions;
import keelson.nodes.cluster.ClusterView;

/**
 * An in-memory API with the semantics the node components rely on: resourceVersion conflicts,
 * status-only and spec-only updates, graceful pod deletion (deletionTimestamp) and force deletion.
 * Can fail writes on demand, as client-go's fake {@code requestTracker} can.
 */
public final class InMemoryCluster implements ClusterView, ClusterActions {
  private final Clock clock;
  private final Map<String, Node> nodes = new TreeMap<>();
  private final Map<String, Pod> pods = new TreeMap<>();
  private final Map<String, Lease> leases = new TreeMap<>();
  private final List<Pod> deleted = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private long revision = 1;
  private BooleanSupplier failNext = () -> false;

  public InMemoryCluster(Clock clock) {
    this.clock = clock;
  }

  /** Makes writes fail whenever {@code failure} says so. */
  public void failWhen(BooleanSupplier failure) {
    this.failNext = failure;
  }

  private void maybeFail(String what) {
    if (failNext.getAsBoolean()) {
      throw new IllegalStateException("injected failure: " + what);
    }
  }

  private String nextVersion() {
    return Long.toString(++revision);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  // ---- test-side API ----------------------------------------------------------------------------

  /** Creates a pod as the API server would, already bound (as after the scheduler's binding). */
  public Pod addPod(Pod pod) {
    Pod stored = new PodBuilder(pod).editMetadata().withUid(UUID.randomUUID().toString())
        .withResourceVersion(nextVersion()).withCreationTimestamp(Times.format(clock.instant())).endMetadata().build();
    pods.put(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), stored);
    return stored;
  }

  /** Replaces a pod's annotations as {@code kubectl annotate} would. */
  public void annotatePod(Pod pod, String key, String value) {
    Pod current = pods.get(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
    if (current == null) {
      return;
    }
    PodBuilder b = new PodBuilder(current).editMetadata().withResourceVersion(nextVersion()).endMetadata();
    Pod next = b.build();
    if (value == null) {
      if (next.getMetadata().getAnnotations() != null) {
        next.getMetadata().getAnnotations().remove(key);
      }
    } else {
      next.getMetadata().setAnnotations(new java.util.HashMap<>(Objects.requireNonNullElse(
          next.getMetadata().getAnnotations(), Map.of())));
      next.getMetadata().getAnnotations().put(key, value);
    }
    pods.put(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), next);
  }

  /** Replaces a node's annotation as {@code kubectl annotate} would. */
  public void annotateNode(String name, String key, String value) {
    Node current = nodes.get(name);
    if (current == null) {
      return;
    }
    Node next = new NodeBuilder(current).editMetadata().withResourceVersion(nextVersion()).endMetadata().build();
    java.util.HashMap<String, String> annotations = new java.util.HashMap<>(Objects.requireNonNullElse(
        next.getMetadata().getAnnotations(), Map.of()));
    if (value == null) {
      annotations.remove(key);
    } else {
      annotations.put(key, value);
    }
    next.getMetadata().setAnnotations(annotations);
    nodes.put(name, next);
  }

  /** Deletes a node object (its pods stay, as in Kubernetes). */
  public void removeNode(String name) {
    nodes.remove(name);
  }

  /** Pods deleted since the last call (for the informer's delete handler). */
  public List<Pod> drainDeleted() {
    List<Pod> result = new ArrayList<>(deleted);
    deleted.clear();
    return result;
  }

  public List<String> events() {
    return events;
  }

  // ---- view -------------------------------------------------------------------------------------

  @Override
  public Node node(String name) {
    return nodes.get(name);
  }

  @Override
  public List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  @Override
  public Pod pod(String namespace, String name) {
    return pods.get(key(namespace, name));
  }

  @Override
  public List<Pod> pods() {
    return List.copyOf(pods.values());
  }

  @Override
  public List<Pod> podsOnNode(String nodeName) {
    return pods.values().stream().filter(p -> nodeName.equals(p.getSpec().getNodeName())).toList();
  }

  @Override
  public Lease lease(String nodeName) {
    return leases.get(nodeName);
  }

  // ---- actions ----------------------------------------------------------------------------------

  @Override
  public void createNode(Node node) {
    maybeFail("create node");
    if (nodes.containsKey(node.getMetadata().getName())) {
      return;
    }
    nodes.put(node.getMetadata().getName(), new NodeBuilder(node).editMetadata()
        .withUid(UUID.randomUUID().toString()).withResourceVersion(nextVersion())
        .withCreationTimestamp(Times.format(clock.instant())).endMetadata().build());
  }

  private Node current(Node node) {
    Node current = nodes.get(node.getMetadata().getName());
    if (current == null) {
      throw new IllegalStateException("not found: node " + node.getMetadata().getName());
    }
    if (!Objects.equals(current.getMetadata().getResourceVersion(), node.getMetadata().getResourceVersion())) {
      throw new IllegalStateException("conflict: node " + node.getMetadata().getName());
    }
    return current;
  }

  @Override
  public void updateNode(Node node) {
    maybeFail("update node");
    Node current = current(node);
    nodes.put(node.getMetadata().getName(), new NodeBuilder(node).withStatus(current.getStatus()).editMetadata()
        .withResourceVersion(nextVersion()).endMetadata().build());
  }

  @Override
  public void updateNodeStatus(Node node) {
    maybeFail("update node status");
    Node current = current(node);
    nodes.put(node.getMetadata().getName(), new NodeBuilder(current).withStatus(node.getStatus()).editMetadata()
        .withResourceVersion(nextVersion()).endMetadata().build());
  }

  @Override
  public void renewLease(Node node, Instant renewTime, int leaseDurationSeconds) {
    maybeFail("renew lease");
    leases.put(node.getMetadata().getName(), new LeaseBuilder().withNewMetadata().withName(node.getMetadata().getName())
        .withNamespace("kube-node-lease").withResourceVersion(nextVersion()).endMetadata().withNewSpec()
        .withHolderIdentity(node.getMetadata().getName()).withLeaseDurationSeconds(leaseDurationSeconds)
        .withRenewTime(renewTime.atZone(ZoneOffset.UTC)).endSpec().build());
  }

  @Override
  public void deleteLease(String nodeName) {
    leases.remove(nodeName);
  }

  @Override
  public void updatePodStatus(Pod pod) {
    maybeFail("update pod status");
    String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    Pod current = pods.get(key);
    if (current == null) {
      throw new IllegalStateException("not found: pod " + key);
    }
    if (!Objects.equals(current.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
      throw new IllegalStateException("conflict: pod " + key);
    }
    pods.put(key, new PodBuilder(current).withStatus(pod.getStatus()).editMetadata().withResourceVersion(nextVersion())
        .endMetadata().build());
  }

  /**
   * Sets the status as the kubelet's patch would when nothing else wrote the pod meanwhile (the
   * components under test are its only status writers); the uid is the precondition.
   */
  @Override
  public void patchPodStatus(Pod pod, PodStatus status) {
    maybeFail("patch pod status");
    String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    Pod current = pods.get(key);
    if (current == null) {
      throw new IllegalStateException("not found: pod " + key);
    }
    if (!Objects.equals(current.getMetadata().getUid(), pod.getMetadata().getUid())) {
      throw new IllegalStateException("conflict: pod " + key + " has another uid");
    }
    pods.put(key, new PodBuilder(current).withStatus(status).editMetadata().withResourceVersion(nextVersion())
        .endMetadata().build());
  }

  @Override
  public void deletePod(Pod pod, Long gracePeriodSeconds) {
    maybeFail("delete pod");
    String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    Pod current = pods.get(key);
    if (current == null) {
      return;
    }
    String phase = current.getStatus() == null ? null : current.getStatus().getPhase();
    boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
    String nodeName = current.getSpec().getNodeName();
    long grace = gracePeriodSeconds != null ? gracePeriodSeconds
        : Objects.requireNonNullElse(current.getSpec().getTerminationGracePeriodSeconds(), 30L);
    if (grace == 0 || finished || nodeName == null || nodeName.isEmpty()) {
      deleted.add(pods.remove(key));
      return;
    }
    if (current.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    pods.put(key, new PodBuilder(current).editMetadata()
        .withDeletionTimestamp(Times.format(clock.instant().plusSeconds(grace))).withDeletionGracePeriodSeconds(grace)
        .withResourceVersion(nextVersion()).endMetadata().build());
  }

  @Override
  public void kubeletEvent(String nodeName, io.fabric8.kubernetes.api.model.ObjectReference reference, String type,
      String reason, String message) {
    events.add(reason + ": " + message);
  }

  @Override
  public void event(HasMetadata object, String type, String reason, String message) {
    events.add(reason + ": " + message);
  }
}
