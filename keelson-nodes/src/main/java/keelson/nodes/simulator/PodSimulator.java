package keelson.nodes.simulator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import keelson.controllers.runtime.EventRecorder;
import keelson.nodes.Faults;
import keelson.nodes.cluster.ClusterActions;
import keelson.nodes.cluster.ClusterView;
import keelson.nodes.dns.PodResolvConfs;
import keelson.nodes.ipam.PodIpRegistry;
import keelson.nodes.pods.PodLifecycle;
import keelson.nodes.pods.PodStep;
import keelson.nodes.pods.PodTimings;

/**
 * The simulated kubelets' pod side: for a pod bound to a simulated Node, asks
 * {@link PodLifecycle} for the next step and performs it (a strategic merge patch of
 * {@code pods/{name}/status}, as a kubelet sends, or the final deletion with grace 0). Chooses pod IPs from the node's
 * pod CIDR, never one held by another live pod of that node.
 */
public final class PodSimulator {
  private final ClusterView view;
  private final ClusterActions actions;
  private final Clock clock;
  private final PodIpRegistry podIps;
  private final PodTimings timings;
  private final PodResolvConfs resolvConfs;
  /** When the last step of each pod (by uid) was written, so step delays count from it. */
  private final Map<String, Instant> lastStepAt = new ConcurrentHashMap<>();
  /**
   * The resourceVersion each pod (by uid) had when the simulator last wrote its status: while the
   * cache still shows that version, the write's own watch event is on its way and will bring the
   * pod back, so acting on the older copy would only earn a conflict.
   */
  private final Map<String, String> writtenFrom = new ConcurrentHashMap<>();

  public PodSimulator(ClusterView view, ClusterActions actions, Clock clock, PodIpRegistry podIps,
      PodTimings timings) {
    this(view, actions, clock, podIps, timings, PodResolvConfs.disabled());
  }

  /** With {@code resolvConfs} written for each pod whose sandbox starts, as a kubelet writes them. */
  public PodSimulator(ClusterView view, ClusterActions actions, Clock clock, PodIpRegistry podIps,
      PodTimings timings, PodResolvConfs resolvConfs) {
    this.resolvConfs = resolvConfs;
    this.view = view;
    this.actions = actions;
    this.clock = clock;
    this.podIps = podIps;
    this.timings = timings;
  }

  /**
   * Performs the next step of the pod with this {@code namespace/name} key and returns when to look
   * again (null: only when the pod or its node changes).
   */
  public Instant reconcile(String namespace, String name) {
    Pod pod = view.pod(namespace, name);
    if (pod == null || pod.getSpec() == null) {
      return null;
    }
    String nodeName = pod.getSpec().getNodeName();
    if (nodeName == null || nodeName.isEmpty()) {
      return null;
    }
    Node node = view.node(nodeName);
    if (node == null || !Faults.isSimulated(node) || PodLifecycle.hostIp(node) == null) {
      return null; // an unknown or not yet reporting node: its update event brings the pod back
    }
    String uid = pod.getMetadata().getUid();
    String version = pod.getMetadata().getResourceVersion();
    if (version != null && version.equals(writtenFrom.get(uid))) {
      return null;
    }
    if (PodLifecycle.isTerminal(pod)) {
      podIps.release(nodeName, uid);
    }
    String ip = null;
    if (PodLifecycle.needsPodIp(pod)) {
      String cidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
      if (cidr == null || cidr.isEmpty()) {
        return null;
      }
      ip = podIps.allocate(nodeName, cidr, uid).orElse(null);
    }
    Instant now = clock.instant();
    PodStep step = PodLifecycle.next(pod, node, now, ip, lastStepAt.get(uid), timings);
    // The sandbox gets its resolv.conf before its containers start; a pod found running (after a
    // restart or a change of leader) gets it too. Finished and terminating pods keep what they had.
    boolean starting = step instanceof PodStep.WriteStatus w && "Running".equals(w.step());
    if (pod.getMetadata().getDeletionTimestamp() == null && !PodLifecycle.isTerminal(pod)
        && (starting || PodLifecycle.hasSandbox(pod))) {
      resolvConfs.ensure(pod);
    }
    return switch (step) {
      case PodStep.Idle idle -> null;
      case PodStep.WaitUntil wait -> wait.at();
      case PodStep.WriteStatus write -> {
        // As the kubelet's status manager: a patch from the status seen to the new one, uid as precondition.
        actions.patchPodStatus(pod, write.status());
        lastStepAt.put(uid, now);
        for (KubeletEvents.Event event : KubeletEvents.forPodStep(pod, pod.getStatus(), write.step())) {
          ObjectReference reference = EventRecorder.reference(pod);
          reference.setFieldPath(event.fieldPath());
          actions.kubeletEvent(nodeName, reference, event.type(), event.reason(), event.message());
        }
        if (version != null) {
          writtenFrom.put(uid, version);
        }
        if ("Succeeded".equals(write.status().getPhase()) || "Failed".equals(write.status().getPhase())) {
          podIps.release(nodeName, uid);
        }
        yield null; // the watch event of this write brings the pod back for its next step
      }
      case PodStep.Delete delete -> {
        actions.deletePod(pod, 0L);
        forget(pod);
        yield null;
      }
    };
  }

  /**
   * Takes note of a pod as the watch delivers it (every add and update, in order): its address
   * counts as in use on its node while it lives; a finished pod's is free again.
   */
  public void observe(Pod pod) {
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (nodeName == null || nodeName.isEmpty()) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    if (PodLifecycle.isTerminal(pod)) {
      podIps.release(nodeName, uid);
      return;
    }
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip != null && !ip.isEmpty() && !PodLifecycle.isHostNetwork(pod)) {
      podIps.observe(nodeName, uid, ip);
    }
  }

  /** Forgets a pod that is gone: frees its IP and its step time. */
  public void forget(Pod pod) {
    String uid = pod.getMetadata().getUid();
    lastStepAt.remove(uid);
    resolvConfs.remove(pod);
    writtenFrom.remove(uid);
    if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
      podIps.release(pod.getSpec().getNodeName(), uid);
    }
  }

  /** Removes the files of pods that are gone; {@code liveUids} are the uids of every pod there is. */
  public void forgetAllBut(Set<String> liveUids) {
    resolvConfs.retainOnly(liveUids);
  }
}
