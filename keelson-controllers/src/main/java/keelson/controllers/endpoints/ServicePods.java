package keelson.controllers.endpoints;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Container;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What both endpoint controllers ask of a Service and its pods. */
final class ServicePods {
  /** The label naming the Service of an endpoint object. */
  static final String SERVICE_NAME = "kubernetes.io/service-name";
  /** The label saying who manages a slice. */
  static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
  static final String CONTROLLER = "endpointslice-controller.k8s.io";
  /** The label put on endpoint objects of headless Services. */
  static final String HEADLESS = "service.kubernetes.io/headless";
  static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

  private ServicePods() {}

  /** Returns the Service's selector, or empty when it has none (its endpoints are not ours). */
  static Optional<Map<String, String>> selector(Service svc) {
    Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
    return selector == null || selector.isEmpty() ? Optional.empty() : Optional.of(selector);
  }

  /** Returns whether labels carry every pair of a selector. */
  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(actual.get(e.getKey())));
  }

  static boolean isHeadless(Service svc) {
    return "None".equals(svc.getSpec().getClusterIP());
  }

  /** The pod's IPv4 address, or null before it has one. */
  static String ipv4(Pod pod) {
    if (pod.getStatus() == null) {
      return null;
    }
    if (pod.getStatus().getPodIPs() != null) {
      for (PodIP ip : pod.getStatus().getPodIPs()) {
        if (ip.getIp() != null && !ip.getIp().contains(":")) {
          return ip.getIp();
        }
      }
    }
    String ip = pod.getStatus().getPodIP();
    return ip == null || ip.isEmpty() || ip.contains(":") ? null : ip;
  }

  /**
   * Returns whether a pod is an endpoint at all: it has an address and has not finished.
   * Terminating pods count only when {@code includeTerminating}.
   */
  static boolean member(Pod pod, boolean includeTerminating) {
    if (ipv4(pod) == null) {
      return false;
    }
    if (!includeTerminating && terminating(pod)) {
      return false;
    }
    String phase = pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  static boolean terminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  /** Returns whether the pod's Ready condition is True. */
  static boolean ready(Pod pod) {
    return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static Optional<PodCondition> readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
  }

  /** The hostname an endpoint gets: the pod's, only if its subdomain is this Service in its namespace. */
  static String hostname(Pod pod, Service svc) {
    String hostname = pod.getSpec().getHostname();
    if (hostname == null || hostname.isEmpty()) {
      return null;
    }
    boolean ours = Objects.equals(pod.getSpec().getSubdomain(), svc.getMetadata().getName())
        && Objects.equals(pod.getMetadata().getNamespace(), svc.getMetadata().getNamespace());
    return ours ? hostname : null;
  }

  /**
   * Resolves a Service port's target on a pod: a number as is, a name through the containers'
   * ports of that name and protocol. Empty when a name matches no container port.
   */
  static Optional<Integer> targetPort(Pod pod, ServicePort port) {
    IntOrString target = port.getTargetPort();
    String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
    if (target == null || (target.getStrVal() == null && target.getIntVal() == null)) {
      return Optional.ofNullable(port.getPort());
    }
    if (target.getStrVal() == null) {
      return Optional.of(target.getIntVal());
    }
    String name = target.getStrVal();
    List<Container> containers = new ArrayList<>();
    if (pod.getSpec().getContainers() != null) {
      containers.addAll(pod.getSpec().getContainers());
    }
    for (Container container : containers) {
      if (container.getPorts() == null) {
        continue;
      }
      for (ContainerPort cp : container.getPorts()) {
        String cpProtocol = cp.getProtocol() == null ? "TCP" : cp.getProtocol();
        if (name.equals(cp.getName()) && protocol.equals(cpProtocol)) {
          return Optional.ofNullable(cp.getContainerPort());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The time of the latest change behind the endpoints: the Service's creation or a member pod's
   * last readiness change (its creation when it has none), in RFC 3339.
   */
  static String triggerTime(Service svc, List<Pod> members) {
    Instant latest = parse(svc.getMetadata().getCreationTimestamp());
    for (Pod pod : members) {
      Instant changed = readyCondition(pod).map(c -> parse(c.getLastTransitionTime()))
          .orElse(parse(pod.getMetadata().getCreationTimestamp()));
      if (changed != null && (latest == null || changed.isAfter(latest))) {
        latest = changed;
      }
    }
    return latest == null ? null : latest.toString();
  }

  private static Instant parse(String timestamp) {
    try {
      return timestamp == null || timestamp.isEmpty() ? null : Instant.parse(timestamp);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
