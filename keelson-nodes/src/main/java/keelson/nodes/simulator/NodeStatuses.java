package keelson.nodes.simulator;

import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import keelson.nodes.Faults;
import keelson.nodes.Times;

/**
 * The status and labels a kubelet reports for its Node ({@code pkg/kubelet/nodestatus/setters.go}).
 * Pure.
 */
public final class NodeStatuses {
  /** Condition types in the order the kubelet writes them. */
  public static final List<String> CONDITION_TYPES = List.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");

  private NodeStatuses() {}

  /** Returns the labels the kubelet sets at registration that the Node lacks. */
  public static Map<String, String> missingLabels(Node node, NodeProfile profile) {
    Map<String, String> wanted = new LinkedHashMap<>();
    wanted.put("beta.kubernetes.io/arch", profile.architecture());
    wanted.put("beta.kubernetes.io/os", profile.operatingSystem());
    wanted.put("kubernetes.io/arch", profile.architecture());
    wanted.put("kubernetes.io/hostname", node.getMetadata().getName());
    wanted.put("kubernetes.io/os", profile.operatingSystem());
    Map<String, String> have = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    wanted.keySet().removeIf(have::containsKey);
    return wanted;
  }

  /**
   * Returns the status the kubelet would post now: conditions (lastHeartbeatTime now,
   * lastTransitionTime kept while a condition's status holds), addresses, resources, node info.
   */
  public static NodeStatus desired(Node node, NodeProfile profile, String internalIp, Instant now) {
    NodeStatus current = node.getStatus() == null ? new NodeStatus() : node.getStatus();
    NodeStatus next = new NodeStatusBuilder(current).build();
    String time = Times.format(now);
    boolean notReady = Faults.isNodeNotReady(node);
    next.setConditions(List.of(
        condition(current, "MemoryPressure", "False", "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available", time),
        condition(current, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", time),
        condition(current, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
            time),
        notReady
            ? condition(current, "Ready", "False", "KubeletNotReady",
                "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                    + "message:Network plugin returns error: cni plugin not initialized", time)
            : condition(current, "Ready", "True", "KubeletReady", "kubelet is posting ready status", time)));
    next.setAddresses(List.of(new NodeAddress(internalIp, "InternalIP"),
        new NodeAddress(node.getMetadata().getName(), "Hostname")));
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(profile.cpu()));
    capacity.put("ephemeral-storage", new Quantity(profile.ephemeralStorage()));
    capacity.put("hugepages-1Gi", new Quantity("0"));
    capacity.put("hugepages-2Mi", new Quantity("0"));
    capacity.put("memory", new Quantity(profile.memory()));
    capacity.put("pods", new Quantity(profile.pods()));
    next.setCapacity(capacity);
    next.setAllocatable(new LinkedHashMap<>(capacity));
    next.setDaemonEndpoints(new NodeDaemonEndpointsBuilder().withNewKubeletEndpoint().withPort(10250)
        .endKubeletEndpoint().build());
    String uid = Objects.requireNonNullElse(node.getMetadata().getUid(), node.getMetadata().getName());
    String machine = UUID.nameUUIDFromBytes(("machine/" + uid).getBytes(StandardCharsets.UTF_8)).toString();
    NodeSystemInfo info = new NodeSystemInfo();
    info.setArchitecture(profile.architecture());
    info.setBootID(UUID.nameUUIDFromBytes(("boot/" + uid).getBytes(StandardCharsets.UTF_8)).toString());
    info.setContainerRuntimeVersion(profile.containerRuntimeVersion());
    info.setKernelVersion(profile.kernelVersion());
    info.setKubeProxyVersion(profile.kubeletVersion());
    info.setKubeletVersion(profile.kubeletVersion());
    info.setMachineID(machine.replace("-", ""));
    info.setOperatingSystem(profile.operatingSystem());
    info.setOsImage(profile.osImage());
    info.setSystemUUID(machine);
    next.setNodeInfo(info);
    return next;
  }

  /** Returns whether two statuses differ in anything but heartbeat times (so a post is due now). */
  public static boolean differs(NodeStatus current, NodeStatus desired) {
    return !signature(current).equals(signature(desired));
  }

  /** Returns when the kubelet last posted status (the Ready condition's lastHeartbeatTime), or null. */
  public static Instant lastHeartbeat(Node node) {
    NodeCondition ready = condition(node.getStatus(), "Ready");
    return ready == null ? null : Times.parse(ready.getLastHeartbeatTime());
  }

  /** Returns a condition of a status by type, or null. */
  public static NodeCondition condition(NodeStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static String signature(NodeStatus status) {
    if (status == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    if (status.getConditions() != null) {
      status.getConditions().forEach(c -> b.append(c.getType()).append('=').append(c.getStatus()).append('/')
          .append(c.getReason()).append(';'));
    }
    b.append('|');
    if (status.getAddresses() != null) {
      status.getAddresses().forEach(a -> b.append(a.getType()).append('=').append(a.getAddress()).append(';'));
    }
    b.append('|');
    if (status.getCapacity() != null) {
      new java.util.TreeMap<>(status.getCapacity()).forEach((k, v) -> b.append(k).append('=').append(v.getAmount())
          .append(v.getFormat()).append(';'));
    }
    b.append('|');
    if (status.getNodeInfo() != null) {
      NodeSystemInfo i = status.getNodeInfo();
      b.append(i.getKubeletVersion()).append(i.getContainerRuntimeVersion()).append(i.getOsImage())
          .append(i.getKernelVersion()).append(i.getArchitecture()).append(i.getOperatingSystem());
    }
    return b.toString();
  }

  private static NodeCondition condition(NodeStatus current, String type, String status, String reason,
      String message, String now) {
    NodeCondition old = condition(current, type);
    NodeCondition c = new NodeCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setLastHeartbeatTime(now);
    c.setLastTransitionTime(old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
        ? old.getLastTransitionTime() : now);
    return c;
  }
}
