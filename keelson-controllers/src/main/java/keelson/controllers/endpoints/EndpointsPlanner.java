package keelson.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides a Service's Endpoints object (upstream's endpoints controller): the selected pods with
 * an IPv4 address that have not finished, terminating ones left out unless the Service publishes
 * not-ready addresses; ready ones (or all, when publishing) under {@code addresses}, the rest under
 * {@code notReadyAddresses}; addresses that resolve to the same ports share a subset. Addresses
 * are sorted by IP, ports by name, subsets by their ports.
 */
public final class EndpointsPlanner {
  private EndpointsPlanner() {}

  /** Returns the Endpoints the Service should have (without resourceVersion). */
  public static Endpoints desired(Service svc, List<Pod> pods) {
    Map<String, String> selector = ServicePods.selector(svc).orElseThrow();
    boolean publish = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    List<Pod> members = pods.stream()
        .filter(p -> Objects.equals(p.getMetadata().getNamespace(), svc.getMetadata().getNamespace()))
        .filter(p -> ServicePods.selects(selector, p.getMetadata().getLabels()))
        .filter(p -> ServicePods.member(p, publish))
        .toList();
    List<ServicePort> servicePorts = Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of());
    boolean headless = ServicePods.isHeadless(svc);
    // ports key → subset under construction
    Map<String, EndpointSubset> subsets = new TreeMap<>();
    for (Pod pod : members) {
      List<EndpointPort> ports = new ArrayList<>();
      for (ServicePort sp : servicePorts) {
        ServicePods.targetPort(pod, sp).ifPresent(target -> ports.add(new EndpointPort(sp.getAppProtocol(),
            sp.getName(), target, sp.getProtocol() == null ? "TCP" : sp.getProtocol())));
      }
      if (ports.isEmpty() && !(servicePorts.isEmpty() && headless)) {
        continue; // no port of the Service reaches this pod
      }
      ports.sort(Comparator.comparing((EndpointPort p) -> p.getName() == null ? "" : p.getName())
          .thenComparing(EndpointPort::getPort).thenComparing(EndpointPort::getProtocol));
      String key = ports.stream().map(p -> p.getName() + ":" + p.getPort() + "/" + p.getProtocol())
          .collect(Collectors.joining(","));
      EndpointSubset subset = subsets.computeIfAbsent(key, k -> {
        EndpointSubset s = new EndpointSubset();
        s.setPorts(ports.isEmpty() ? null : ports);
        s.setAddresses(new ArrayList<>());
        s.setNotReadyAddresses(new ArrayList<>());
        return s;
      });
      EndpointAddress address = new EndpointAddressBuilder()
          .withIp(ServicePods.ipv4(pod))
          .withHostname(ServicePods.hostname(pod, svc))
          .withNodeName(blankToNull(pod.getSpec().getNodeName()))
          .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build())
          .build();
      if (publish || ServicePods.ready(pod)) {
        subset.getAddresses().add(address);
      } else {
        subset.getNotReadyAddresses().add(address);
      }
    }
    Comparator<EndpointAddress> byIp = Comparator.comparing((EndpointAddress a) -> ipOrder(a.getIp()))
        .thenComparing(a -> a.getTargetRef() == null ? "" : String.valueOf(a.getTargetRef().getUid()));
    List<EndpointSubset> result = new ArrayList<>();
    for (EndpointSubset subset : subsets.values()) {
      subset.getAddresses().sort(byIp);
      subset.getNotReadyAddresses().sort(byIp);
      if (subset.getAddresses().isEmpty()) {
        subset.setAddresses(null);
      }
      if (subset.getNotReadyAddresses().isEmpty()) {
        subset.setNotReadyAddresses(null);
      }
      result.add(subset);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (svc.getMetadata().getLabels() != null) {
      labels.putAll(svc.getMetadata().getLabels());
    }
    labels.remove(ServicePods.HEADLESS);
    if (headless) {
      labels.put(ServicePods.HEADLESS, "");
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(svc.getMetadata().getName());
    meta.setNamespace(svc.getMetadata().getNamespace());
    meta.setLabels(labels.isEmpty() ? null : labels);
    String trigger = ServicePods.triggerTime(svc, members);
    if (trigger != null) {
      meta.setAnnotations(new LinkedHashMap<>(Map.of(ServicePods.TRIGGER_TIME, trigger)));
    }
    return new EndpointsBuilder().withApiVersion("v1").withKind("Endpoints").withMetadata(meta)
        .withSubsets(result).build();
  }

  /** Returns whether an existing object already says what the desired one says. */
  public static boolean current(Endpoints existing, Endpoints desired) {
    Map<String, String> have = Optional.ofNullable(existing.getMetadata().getLabels()).orElse(Map.of());
    Map<String, String> want = Optional.ofNullable(desired.getMetadata().getLabels()).orElse(Map.of());
    return have.equals(want) && canonical(existing.getSubsets()).equals(canonical(desired.getSubsets()));
  }

  /** The desired object as an update of the existing one (its resourceVersion, other metadata kept). */
  public static Endpoints asUpdate(Endpoints existing, Endpoints desired) {
    Endpoints copy = new EndpointsBuilder(existing).build();
    copy.getMetadata().setLabels(desired.getMetadata().getLabels());
    Map<String, String> annotations = new LinkedHashMap<>(
        Optional.ofNullable(copy.getMetadata().getAnnotations()).orElse(Map.of()));
    Optional.ofNullable(desired.getMetadata().getAnnotations()).ifPresent(annotations::putAll);
    copy.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
    copy.setSubsets(desired.getSubsets());
    return copy;
  }

  static String canonical(List<EndpointSubset> subsets) {
    if (subsets == null) {
      return "";
    }
    return subsets.stream().map(s -> addresses(s.getAddresses()) + ";" + addresses(s.getNotReadyAddresses()) + ";"
        + Optional.ofNullable(s.getPorts()).orElse(List.of()).stream()
            .map(p -> p.getName() + ":" + p.getPort() + "/" + p.getProtocol() + "/" + p.getAppProtocol())
            .collect(Collectors.joining(",")))
        .collect(Collectors.joining(" | "));
  }

  private static String addresses(List<EndpointAddress> addresses) {
    return Optional.ofNullable(addresses).orElse(List.of()).stream()
        .map(a -> a.getIp() + "/" + a.getHostname() + "/" + a.getNodeName() + "/"
            + (a.getTargetRef() == null ? "-" : a.getTargetRef().getName() + "/" + a.getTargetRef().getUid()))
        .collect(Collectors.joining(","));
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Orders dotted IPv4 addresses numerically. */
  private static long ipOrder(String ip) {
    try {
      long value = 0;
      for (String part : ip.split("\\.")) {
        value = value * 256 + Integer.parseInt(part);
      }
      return value;
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }
}
