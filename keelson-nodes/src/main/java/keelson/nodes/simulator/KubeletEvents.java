package keelson.nodes.simulator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The events a kubelet records, decided from the steps the simulator writes. Pure.
 *
 * <p>Pods: when containers start, each gets {@code Pulled} (the simulated node has every image),
 * {@code Created} and {@code Started}, about the container's field path
 * ({@code spec.containers{name}}); when they are stopped after a graceful delete, {@code Killing}.
 * Nodes: the first status a kubelet posts brings {@code Starting}, one {@code NodeHas…} event per
 * pressure condition it adds, and {@code NodeAllocatableEnforced}; a later Ready transition to True
 * brings {@code NodeReady}. Messages follow kubelet 1.32.
 */
public final class KubeletEvents {

  /** One event: about {@code fieldPath} of the object (empty for the whole object). */
  public record Event(String fieldPath, String type, String reason, String message) {}

  private static final Map<String, String> PRESSURE_FALSE = Map.of(
      "MemoryPressure", "NodeHasSufficientMemory",
      "DiskPressure", "NodeHasNoDiskPressure",
      "PIDPressure", "NodeHasSufficientPID");
  private static final List<String> PRESSURE_ORDER = List.of("MemoryPressure", "DiskPressure", "PIDPressure");

  private KubeletEvents() {}

  /** Returns the events of a pod status step (the step names of {@code PodLifecycle}). */
  public static List<Event> forPodStep(Pod pod, PodStatus before, String step) {
    List<Event> events = new ArrayList<>();
    switch (step) {
      case "Running" -> {
        for (Container c : Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.<Container>of())) {
          started(events, "spec.initContainers{" + c.getName() + "}", c);
        }
        for (Container c : pod.getSpec().getContainers()) {
          started(events, "spec.containers{" + c.getName() + "}", c);
        }
      }
      case "Terminated" -> {
        List<ContainerStatus> statuses = before == null || before.getContainerStatuses() == null
            ? List.of() : before.getContainerStatuses();
        for (ContainerStatus status : statuses) {
          if (status.getState() != null && status.getState().getRunning() != null) {
            events.add(new Event("spec.containers{" + status.getName() + "}", "Normal", "Killing",
                "Stopping container " + status.getName()));
          }
        }
      }
      default -> { }
    }
    return events;
  }

  private static void started(List<Event> events, String fieldPath, Container c) {
    events.add(new Event(fieldPath, "Normal", "Pulled",
        "Container image \"" + c.getImage() + "\" already present on machine"));
    events.add(new Event(fieldPath, "Normal", "Created", "Created container: " + c.getName()));
    events.add(new Event(fieldPath, "Normal", "Started", "Started container " + c.getName()));
  }

  /** Returns the events of a node status post, from the status before it and the one posted. */
  public static List<Event> forNodeStatus(String nodeName, NodeStatus before, NodeStatus posted) {
    List<Event> events = new ArrayList<>();
    List<NodeCondition> old = before == null || before.getConditions() == null ? List.of() : before.getConditions();
    if (old.isEmpty()) {
      events.add(new Event("", "Normal", "Starting", "Starting kubelet."));
    }
    for (String type : PRESSURE_ORDER) {
      NodeCondition now = condition(posted.getConditions(), type);
      NodeCondition was = condition(old, type);
      if (now != null && "False".equals(now.getStatus()) && (was == null || !"False".equals(was.getStatus()))) {
        events.add(statusNow(nodeName, PRESSURE_FALSE.get(type)));
      }
    }
    if (old.isEmpty()) {
      events.add(new Event("", "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods"));
    }
    NodeCondition ready = condition(posted.getConditions(), "Ready");
    NodeCondition wasReady = condition(old, "Ready");
    if (ready != null && "True".equals(ready.getStatus()) && wasReady != null && !"True".equals(wasReady.getStatus())) {
      events.add(statusNow(nodeName, "NodeReady"));
    }
    return events;
  }

  private static Event statusNow(String nodeName, String reason) {
    return new Event("", "Normal", reason, "Node " + nodeName + " status is now: " + reason);
  }

  private static NodeCondition condition(List<NodeCondition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    for (NodeCondition c : conditions) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }
}
