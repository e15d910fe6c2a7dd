package keelson.controllers.endpoints;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides a Service's EndpointSlices (upstream's endpointslice reconciler, simplified): every
 * selected pod with an IPv4 address that has not finished — not-ready and terminating ones too,
 * with conditions saying so — grouped by the ports it resolves to, at most {@code maxPerSlice} per
 * slice. Endpoints stay in the slice that holds them; new ones fill existing slices of their port
 * set before new slices are made; slices left empty go. A Service selecting nothing keeps one
 * empty placeholder slice.
 */
public final class EndpointSlicePlanner {
  /** The most endpoints a slice holds, as the controller's default {@code --max-endpoints-per-slice}. */
  public static final int MAX_PER_SLICE = 100;

  private final int maxPerSlice;

  public EndpointSlicePlanner() {
    this(MAX_PER_SLICE);
  }

  public EndpointSlicePlanner(int maxPerSlice) {
    this.maxPerSlice = maxPerSlice;
  }

  /**
   * What to write.
   *
   * @param create new slices (with {@code generateName}, no name)
   * @param update changed slices, carrying the resourceVersion they were read at
   * @param delete slices to remove
   */
  public record Plan(List<EndpointSlice> create, List<EndpointSlice> update, List<EndpointSlice> delete) {
    public boolean isEmpty() {
      return create.isEmpty() && update.isEmpty() && delete.isEmpty();
    }
  }

  /**
   * Plans a Service's slices.
   *
   * @param pods the pods of the Service's namespace (any; the selector is applied here)
   * @param existing the slices this controller manages for the Service
   * @param zones node name → {@code topology.kubernetes.io/zone}, for the nodes that have one
   */
  public Plan plan(Service svc, List<Pod> pods, List<EndpointSlice> existing, Map<String, String> zones) {
    Map<String, String> selector = ServicePods.selector(svc).orElseThrow();
    List<Pod> members = pods.stream()
        .filter(p -> Objects.equals(p.getMetadata().getNamespace(), svc.getMetadata().getNamespace()))
        .filter(p -> ServicePods.selects(selector, p.getMetadata().getLabels()))
        .filter(p -> ServicePods.member(p, true))
        .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getName()))
        .toList();
    // port set → endpoints, in the order pods were seen
    Map<String, List<EndpointPort>> portSets = new LinkedHashMap<>();
    Map<String, List<Endpoint>> wanted = new LinkedHashMap<>();
    for (Pod pod : members) {
      List<EndpointPort> ports = ports(svc, pod);
      String key = portsKey(ports);
      portSets.putIfAbsent(key, ports);
      wanted.computeIfAbsent(key, k -> new ArrayList<>()).add(endpoint(svc, pod, zones));
    }
    String trigger = ServicePods.triggerTime(svc, members);
    Map<String, String> labels = labels(svc);

    List<EndpointSlice> create = new ArrayList<>();
    List<EndpointSlice> update = new ArrayList<>();
    List<EndpointSlice> delete = new ArrayList<>();
    Map<String, List<EndpointSlice>> byPorts = new HashMap<>();
    for (EndpointSlice slice : existing.stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList()) {
      byPorts.computeIfAbsent(portsKey(slice.getPorts()), k -> new ArrayList<>()).add(slice);
    }

    if (wanted.isEmpty()) {
      // A placeholder: one slice without ports or endpoints, as upstream keeps.
      List<EndpointSlice> placeholders = byPorts.getOrDefault(portsKey(List.of()), List.of()).stream()
          .filter(s -> s.getEndpoints() == null || s.getEndpoints().isEmpty()).toList();
      EndpointSlice keep = placeholders.isEmpty() ? null : placeholders.get(0);
      for (EndpointSlice slice : existing) {
        if (slice != keep) {
          delete.add(slice);
        }
      }
      if (keep == null) {
        create.add(slice(svc, null, labels, List.of(), List.of(), trigger));
      } else if (!metadataCurrent(keep, svc, labels)) {
        update.add(slice(svc, keep, labels, List.of(), List.of(), trigger));
      }
      return new Plan(create, update, delete);
    }

    for (Map.Entry<String, List<Endpoint>> group : wanted.entrySet()) {
      List<EndpointPort> ports = portSets.get(group.getKey());
      List<EndpointSlice> slices = byPorts.getOrDefault(group.getKey(), List.of());
      byPorts.remove(group.getKey());
      // Keep each endpoint in the slice that has its address.
      Map<String, Integer> home = new HashMap<>();
      for (int i = 0; i < slices.size(); i++) {
        for (Endpoint e : Optional.ofNullable(slices.get(i).getEndpoints()).orElse(List.of())) {
          if (e.getAddresses() != null && !e.getAddresses().isEmpty()) {
            home.putIfAbsent(e.getAddresses().get(0), i);
          }
        }
      }
      List<List<Endpoint>> contents = new ArrayList<>();
      slices.forEach(s -> contents.add(new ArrayList<>()));
      List<Endpoint> homeless = new ArrayList<>();
      for (Endpoint e : group.getValue()) {
        Integer i = home.get(e.getAddresses().get(0));
        if (i != null && contents.get(i).size() < maxPerSlice) {
          contents.get(i).add(e);
        } else {
          homeless.add(e);
        }
      }
      for (int i = 0; i < slices.size() && !homeless.isEmpty(); i++) {
        while (contents.get(i).size() < maxPerSlice && !homeless.isEmpty()) {
          contents.get(i).add(homeless.remove(0));
        }
      }
      for (int i = 0; i < slices.size(); i++) {
        EndpointSlice current = slices.get(i);
        List<Endpoint> endpoints = contents.get(i);
        if (endpoints.isEmpty()) {
          delete.add(current);
        } else if (!sameEndpoints(current.getEndpoints(), endpoints) || !portsKey(current.getPorts()).equals(group.getKey())
            || !metadataCurrent(current, svc, labels)) {
          update.add(slice(svc, current, labels, ports, endpoints, trigger));
        }
      }
      for (int from = 0; from < homeless.size(); from += maxPerSlice) {
        create.add(slice(svc, null, labels, ports,
            homeless.subList(from, Math.min(homeless.size(), from + maxPerSlice)), trigger));
      }
    }
    byPorts.values().forEach(delete::addAll);
    return new Plan(create, update, delete);
  }

  /** The Service's ports as this pod resolves them; a port whose named target it lacks is left out. */
  static List<EndpointPort> ports(Service svc, Pod pod) {
    List<EndpointPort> ports = new ArrayList<>();
    for (ServicePort sp : Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of())) {
      Optional<Integer> target = ServicePods.targetPort(pod, sp);
      if (target.isEmpty()) {
        continue;
      }
      EndpointPort port = new EndpointPort();
      port.setName(sp.getName() == null ? "" : sp.getName());
      port.setPort(target.get());
      port.setProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol());
      port.setAppProtocol(sp.getAppProtocol());
      ports.add(port);
    }
    return ports;
  }

  static Endpoint endpoint(Service svc, Pod pod, Map<String, String> zones) {
    boolean serving = ServicePods.ready(pod);
    boolean terminating = ServicePods.terminating(pod);
    boolean publish = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    String node = pod.getSpec().getNodeName();
    return new EndpointBuilder()
        .withAddresses(ServicePods.ipv4(pod))
        .withConditions(new EndpointConditions(publish || (serving && !terminating), serving, terminating))
        .withHostname(ServicePods.hostname(pod, svc))
        .withNodeName(node == null || node.isEmpty() ? null : node)
        .withZone(node == null ? null : zones.get(node))
        .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build())
        .build();
  }

  /** The slice labels: the Service's own, then the controller's. */
  static Map<String, String> labels(Service svc) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (svc.getMetadata().getLabels() != null) {
      labels.putAll(svc.getMetadata().getLabels());
    }
    labels.remove(ServicePods.HEADLESS);
    labels.put(ServicePods.SERVICE_NAME, svc.getMetadata().getName());
    labels.put(ServicePods.MANAGED_BY, ServicePods.CONTROLLER);
    if (ServicePods.isHeadless(svc)) {
      labels.put(ServicePods.HEADLESS, "");
    }
    return labels;
  }

  private static EndpointSlice slice(Service svc, EndpointSlice current, Map<String, String> labels,
      List<EndpointPort> ports, List<Endpoint> endpoints, String trigger) {
    // Never edit the informer's copy.
    EndpointSlice base = current == null ? new EndpointSlice() : new EndpointSliceBuilder(current).build();
    EndpointSliceBuilder builder = new EndpointSliceBuilder(base);
    ObjectMeta meta = base.getMetadata() == null ? new ObjectMeta() : base.getMetadata();
    if (current == null) {
      meta.setGenerateName(svc.getMetadata().getName() + "-");
      meta.setNamespace(svc.getMetadata().getNamespace());
    }
    meta.setLabels(new LinkedHashMap<>(labels));
    Map<String, String> annotations = meta.getAnnotations() == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(meta.getAnnotations());
    if (trigger != null) {
      annotations.put(ServicePods.TRIGGER_TIME, trigger);
    }
    meta.setAnnotations(annotations.isEmpty() ? null : annotations);
    List<OwnerReference> owners = new ArrayList<>();
    if (meta.getOwnerReferences() != null) {
      meta.getOwnerReferences().stream().filter(o -> !Boolean.TRUE.equals(o.getController())).forEach(owners::add);
    }
    owners.add(owner(svc));
    meta.setOwnerReferences(owners);
    return builder.withApiVersion("discovery.k8s.io/v1").withKind("EndpointSlice").withMetadata(meta)
        .withAddressType("IPv4").withPorts(new ArrayList<>(ports)).withEndpoints(new ArrayList<>(endpoints)).build();
  }

  static OwnerReference owner(Service svc) {
    return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
        .withName(svc.getMetadata().getName()).withUid(svc.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  private static boolean metadataCurrent(EndpointSlice slice, Service svc, Map<String, String> labels) {
    Map<String, String> have = slice.getMetadata().getLabels() == null ? Map.of() : slice.getMetadata().getLabels();
    boolean owned = slice.getMetadata().getOwnerReferences() != null && slice.getMetadata().getOwnerReferences()
        .stream().anyMatch(o -> Boolean.TRUE.equals(o.getController())
            && Objects.equals(o.getUid(), svc.getMetadata().getUid()));
    return have.equals(labels) && owned && "IPv4".equals(slice.getAddressType());
  }

  private static boolean sameEndpoints(List<Endpoint> have, List<Endpoint> want) {
    List<String> a = Optional.ofNullable(have).orElse(List.of()).stream().map(EndpointSlicePlanner::canonical).sorted().toList();
    List<String> b = want.stream().map(EndpointSlicePlanner::canonical).sorted().toList();
    return a.equals(b);
  }

  /** The fields this controller sets, as one comparable string. */
  static String canonical(Endpoint e) {
    EndpointConditions c = e.getConditions();
    return String.join("|", String.valueOf(e.getAddresses()),
        c == null ? "-" : c.getReady() + "," + c.getServing() + "," + c.getTerminating(),
        String.valueOf(e.getHostname()), String.valueOf(e.getNodeName()), String.valueOf(e.getZone()),
        e.getTargetRef() == null ? "-" : e.getTargetRef().getKind() + "/" + e.getTargetRef().getNamespace() + "/"
            + e.getTargetRef().getName() + "/" + e.getTargetRef().getUid());
  }

  static String portsKey(List<EndpointPort> ports) {
    if (ports == null) {
      return "";
    }
    return ports.stream().map(p -> (p.getName() == null ? "" : p.getName()) + ":" + p.getPort() + "/"
        + (p.getProtocol() == null ? "TCP" : p.getProtocol()) + "/" + p.getAppProtocol())
        .collect(Collectors.joining(","));
  }
}
