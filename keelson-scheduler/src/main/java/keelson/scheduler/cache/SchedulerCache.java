package keelson.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every node holds, kept from informer events and from the scheduler's own assumptions: a pod
 * is assumed on its node as soon as the scheduler decides, before the binding is written, so the
 * next decision already counts it (kube-scheduler's cache does the same). Thread-safe; decisions run
 * under the cache's lock through {@link #decide}, so a decision and its assumption are atomic.
 */
public final class SchedulerCache {
  private final Map<String, NodeInfo> nodes = new HashMap<>();
  /** Nodes that exist, in the order they were added: the order filters visit them. */
  private final List<NodeInfo> present = new ArrayList<>();
  private final List<NodeInfo> presentView = Collections.unmodifiableList(present);
  private final Map<String, Entry> pods = new HashMap<>();

  private record Entry(PodInfo pod, String node, boolean assumed) {}

  /**
   * Adds or replaces a node.
   *
   * @return whether the node is new or changed in a way that may let pending pods fit
   */
  public synchronized boolean upsertNode(Node node) {
    String name = node.getMetadata().getName();
    NodeInfo info = nodes.computeIfAbsent(name, NodeInfo::new);
    boolean wasPresent = info.node() != null;
    boolean changed = info.setNode(node);
    if (!wasPresent) {
      present.add(info);
    }
    return changed;
  }

  /** Removes a node; pods still naming it keep their usage until they go. */
  public synchronized void removeNode(String name) {
    NodeInfo info = nodes.get(name);
    if (info == null) {
      return;
    }
    info.clearNode();
    present.remove(info);
    if (info.podCount() == 0) {
      nodes.remove(name);
    }
  }

  /** Counts a pod on a node before its binding is written. */
  public synchronized void assume(PodInfo pod, String node) {
    Entry old = pods.remove(pod.key());
    if (old != null) {
      usage(old.node()).remove(old.pod());
    }
    pods.put(pod.key(), new Entry(pod, node, true));
    usage(node).add(pod);
  }

  /** Drops an assumption whose binding failed; a pod already observed bound is kept. */
  public synchronized void forget(PodInfo pod) {
    Entry entry = pods.get(pod.key());
    if (entry != null && entry.assumed() && uidEquals(entry.pod().uid(), pod.uid())) {
      pods.remove(pod.key());
      release(entry);
    }
  }

  /** Returns the node a pod is bound or assumed on, per this cache, or null. */
  public synchronized String nodeOf(String key, String uid) {
    Entry entry = pods.get(key);
    return entry != null && uidEquals(entry.pod().uid(), uid) ? entry.node() : null;
  }

  /**
   * Applies an observed pod (added or updated). Unbound pods are ignored, except that an assumed pod
   * seen still unbound keeps its assumption (the informer lags the binding).
   *
   * @return whether resources were freed (a pod finished or moved), so pending pods may fit now
   */
  public synchronized boolean updatePod(Pod pod) {
    String key = key(pod);
    String uid = pod.getMetadata().getUid();
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    Entry existing = pods.get(key);
    boolean freed = false;
    if (existing != null && !uidEquals(existing.pod().uid(), uid)) {
      pods.remove(key);
      release(existing);
      existing = null;
      freed = true;
    }
    if (nodeName == null || nodeName.isEmpty()) {
      return freed;
    }
    if (isTerminal(pod)) {
      if (existing != null) {
        pods.remove(key);
        release(existing);
        return true;
      }
      return freed;
    }
    PodInfo info = existing != null && !existing.assumed() && existing.pod().pod() == pod ? existing.pod() : PodInfo.of(pod);
    if (existing != null) {
      usage(existing.node()).remove(existing.pod());
      freed |= !existing.node().equals(nodeName);
    }
    pods.put(key, new Entry(info, nodeName, false));
    usage(nodeName).add(info);
    return freed;
  }

  /**
   * Applies a deleted pod.
   *
   * @return whether the pod held resources
   */
  public synchronized boolean removePod(Pod pod) {
    String key = key(pod);
    Entry existing = pods.get(key);
    if (existing == null || !uidEquals(existing.pod().uid(), pod.getMetadata().getUid())) {
      return false;
    }
    pods.remove(key);
    release(existing);
    return true;
  }

  /** Runs a decision over the present nodes under the cache's lock; the list must not escape. */
  public synchronized <T> T decide(Function<List<NodeInfo>, T> decision) {
    return decision.apply(presentView);
  }

  /** Returns a present node's info by name, or null (for decisions, under {@link #decide}). */
  public synchronized NodeInfo presentNode(String name) {
    NodeInfo info = nodes.get(name);
    return info == null || info.node() == null ? null : info;
  }

  /** Returns a node's info (for tests and diagnostics), or null. */
  public synchronized NodeInfo node(String name) {
    return nodes.get(name);
  }

  /** Returns how many nodes are present. */
  public synchronized int nodeCount() {
    return present.size();
  }

  private void release(Entry entry) {
    NodeInfo info = nodes.get(entry.node());
    if (info == null) {
      return;
    }
    info.remove(entry.pod());
    if (info.node() == null && info.podCount() == 0) {
      nodes.remove(entry.node());
    }
  }

  private NodeInfo usage(String node) {
    return nodes.computeIfAbsent(node, NodeInfo::new);
  }

  private static boolean uidEquals(String a, String b) {
    return a == null || b == null || a.equals(b);
  }

  /** Returns whether a pod has finished (Succeeded or Failed): it no longer holds resources. */
  public static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static String key(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    return ns == null ? pod.getMetadata().getName() : ns + "/" + pod.getMetadata().getName();
  }
}
