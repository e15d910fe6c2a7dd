package keelson.dns.records;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An immutable snapshot of what the cluster DNS knows, and the decision for one question. Built
 * once per change by {@link #from}; {@link #answer} only reads it, so any number of threads can
 * answer from one snapshot while the next is built.
 *
 * <p>Name handling follows the Kubernetes DNS specification 1.1.0 as CoreDNS 1.11 implements it
 * (see the module README for the table of NXDOMAIN versus NODATA).
 */
public final class DnsRecords {
  /** The EndpointSlice label naming its Service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  /** The schema version answered at {@code dns-version.<zone>}. */
  public static final String SCHEMA_VERSION = "1.1.0";
  /** TTL of the {@code dns-version} TXT record. */
  public static final long VERSION_TTL = 28800;
  private static final long SOA_REFRESH = 7200;
  private static final long SOA_RETRY = 1800;
  private static final long SOA_EXPIRE = 86400;

  /** A Service port or an EndpointSlice port, name and protocol lower case ("" when unnamed). */
  record Port(String name, String protocol, int port) {}

  /** One ready endpoint address with its DNS label (hostname or dashed IP) and its slice's ports. */
  record Endpoint(String label, Name name, InetAddress address, List<Port> ports) {}

  /** One Service as DNS sees it. */
  record Svc(Name fqdn, Kind kind, List<InetAddress> clusterIps, List<Port> ports, Name externalName,
      List<Endpoint> endpoints) {}

  enum Kind { CLUSTER_IP, HEADLESS, EXTERNAL_NAME }

  private final ZoneSettings settings;
  private final long serial;
  private final String zoneSuffix; // ".cluster.local."
  private final String zoneDot; // "cluster.local."
  private final Name zoneName;
  private final Name nsName;
  private final SOARecord soaNegative;
  private final Set<String> namespaces;
  private final Map<String, Svc> services; // "<svc>.<ns>" lower case
  private final Map<InetAddress, List<Name>> ptrs;
  private final Map<String, Set<InetAddress>> podIps; // verified mode only
  private final List<InetAddress> nameserverIps;

  private DnsRecords(ZoneSettings settings, long serial, Set<String> namespaces, Map<String, Svc> services,
      Map<InetAddress, List<Name>> ptrs, Map<String, Set<InetAddress>> podIps) {
    this.settings = settings;
    this.serial = serial;
    this.zoneDot = settings.zone() + ".";
    this.zoneSuffix = "." + zoneDot;
    this.zoneName = name(zoneDot);
    this.nsName = name("ns.dns." + zoneDot);
    this.soaNegative = soa(zoneName, Math.min(settings.ttl(), 300));
    this.namespaces = namespaces;
    this.services = services;
    this.ptrs = ptrs;
    this.podIps = podIps;
    Svc kubeDns = services.get("kube-dns.kube-system");
    this.nameserverIps = kubeDns == null || kubeDns.kind() != Kind.CLUSTER_IP ? List.of() : kubeDns.clusterIps();
  }

  /** The house-style entry: Services and EndpointSlices, every namespace they use taken to exist. */
  public static DnsRecords from(Collection<Service> services, Collection<EndpointSlice> endpointSlices) {
    Set<String> namespaces = new HashSet<>();
    services.forEach(s -> namespaces.add(s.getMetadata().getNamespace()));
    return from(ZoneSettings.defaults(), 0, services, endpointSlices, namespaces, List.of());
  }

  /** Builds a snapshot from Namespace objects (their names). */
  public static DnsRecords from(ZoneSettings settings, long serial, Collection<Service> services,
      Collection<EndpointSlice> endpointSlices, List<Namespace> namespaces, Collection<Pod> pods) {
    Set<String> names = new HashSet<>();
    namespaces.forEach(n -> names.add(n.getMetadata().getName()));
    return from(settings, serial, services, endpointSlices, names, pods);
  }

  /**
   * Builds a snapshot.
   *
   * @param settings zone, TTL, pods mode
   * @param serial the SOA serial: Unix time of the last change
   * @param services every Service
   * @param endpointSlices every EndpointSlice (those without the service-name label are ignored)
   * @param namespaces names of the namespaces that exist
   * @param pods every Pod; only read in {@link PodsMode#VERIFIED}
   */
  public static DnsRecords from(ZoneSettings settings, long serial, Collection<Service> services,
      Collection<EndpointSlice> endpointSlices, Set<String> namespaces, Collection<Pod> pods) {
    String zoneDot = settings.zone() + ".";
    Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();
    for (EndpointSlice slice : endpointSlices) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (svc != null && !svc.isEmpty()) {
        slicesByService.computeIfAbsent(key(svc, slice.getMetadata().getNamespace()), k -> new ArrayList<>())
            .add(slice);
      }
    }
    Map<String, Svc> byName = new HashMap<>();
    for (Service service : services) {
      String key = key(service.getMetadata().getName(), service.getMetadata().getNamespace());
      Svc svc = service(service, zoneDot, slicesByService.getOrDefault(key, List.of()));
      if (svc != null) {
        byName.put(key, svc);
      }
    }
    Set<String> ns = new HashSet<>();
    namespaces.forEach(n -> ns.add(n.toLowerCase(Locale.ROOT)));
    Map<String, Set<InetAddress>> podIps = new HashMap<>();
    if (settings.podsMode() == PodsMode.VERIFIED) {
      for (Pod pod : pods) {
        if (pod.getStatus() == null) {
          continue;
        }
        Set<InetAddress> ips = podIps.computeIfAbsent(pod.getMetadata().getNamespace().toLowerCase(Locale.ROOT),
            k -> new HashSet<>());
        addIp(ips, pod.getStatus().getPodIP());
        if (pod.getStatus().getPodIPs() != null) {
          for (PodIP ip : pod.getStatus().getPodIPs()) {
            addIp(ips, ip.getIp());
          }
        }
      }
    }
    return new DnsRecords(settings, serial, Set.copyOf(ns), Map.copyOf(byName), reverse(byName.values()),
        Map.copyOf(podIps));
  }

  private static void addIp(Set<InetAddress> ips, String ip) {
    InetAddress address = IpLiterals.parse(ip);
    if (address != null) {
      ips.add(address);
    }
  }

  private static String key(String service, String namespace) {
    return (service + "." + namespace).toLowerCase(Locale.ROOT);
  }

  private static Svc service(Service service, String zoneDot, List<EndpointSlice> slices) {
    var spec = service.getSpec();
    if (spec == null) {
      return null;
    }
    Name fqdn = name(key(service.getMetadata().getName(), service.getMetadata().getNamespace()) + ".svc." + zoneDot);
    List<Port> ports = new ArrayList<>();
    if (spec.getPorts() != null) {
      for (ServicePort p : spec.getPorts()) {
        if (p.getPort() != null) {
          ports.add(new Port(lower(p.getName()), lower(p.getProtocol() == null ? "TCP" : p.getProtocol()), p.getPort()));
        }
      }
    }
    List<Endpoint> endpoints = endpoints(slices, fqdn);
    if ("ExternalName".equals(spec.getType())) {
      Name target = null;
      if (spec.getExternalName() != null && !spec.getExternalName().isEmpty()) {
        try {
          target = Name.fromString(spec.getExternalName(), Name.root);
        } catch (TextParseException e) {
          target = null;
        }
      }
      return new Svc(fqdn, Kind.EXTERNAL_NAME, List.of(), List.copyOf(ports), target, List.of());
    }
    if ("None".equals(spec.getClusterIP())) {
      return new Svc(fqdn, Kind.HEADLESS, List.of(), List.copyOf(ports), null, endpoints);
    }
    Set<InetAddress> ips = new LinkedHashSet<>();
    List<String> declared = spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()
        ? spec.getClusterIPs() : spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP());
    declared.forEach(ip -> addIp(ips, ip));
    return new Svc(fqdn, Kind.CLUSTER_IP, List.copyOf(ips), List.copyOf(ports), null, endpoints);
  }

  /** Ready (or readiness-unset) endpoint addresses, one entry per address, in a stable order. */
  private static List<Endpoint> endpoints(List<EndpointSlice> slices, Name service) {
    List<Endpoint> out = new ArrayList<>();
    for (EndpointSlice slice : slices) {
      if ("FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
        continue;
      }
      List<Port> ports = new ArrayList<>();
      if (slice.getPorts() != null) {
        for (EndpointPort p : slice.getPorts()) {
          if (p.getPort() != null) {
            ports.add(new Port(lower(p.getName()), lower(p.getProtocol() == null ? "TCP" : p.getProtocol()),
                p.getPort()));
          }
        }
      }
      List<Port> slicePorts = List.copyOf(ports);
      for (var endpoint : slice.getEndpoints()) {
        boolean ready = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
            || endpoint.getConditions().getReady();
        if (!ready || endpoint.getAddresses() == null) {
          continue;
        }
        for (String ip : endpoint.getAddresses()) {
          InetAddress address = IpLiterals.parse(ip);
          if (address == null) {
            continue;
          }
          String hostname = endpoint.getHostname();
          String label = hostname != null && !hostname.isEmpty() ? hostname : IpLiterals.dashed(ip);
          label = label.toLowerCase(Locale.ROOT);
          Name name;
          try {
            name = Name.concatenate(Name.fromString(label), service);
          } catch (Exception e) {
            continue; // not a DNS label: no per-endpoint name, as the plugin skips it
          }
          out.add(new Endpoint(label, name, address, slicePorts));
        }
      }
    }
    out.sort(Comparator.comparing(Endpoint::label).thenComparing(e -> e.address().getHostAddress()));
    return List.copyOf(out);
  }

  /** PTR targets: a ClusterIP names its Service; otherwise each ready endpoint names itself. */
  private static Map<InetAddress, List<Name>> reverse(Collection<Svc> services) {
    Map<InetAddress, Set<Name>> byIp = new HashMap<>();
    Set<InetAddress> clusterIps = new HashSet<>();
    for (Svc svc : services) {
      for (InetAddress ip : svc.clusterIps()) {
        clusterIps.add(ip);
        byIp.computeIfAbsent(ip, k -> new LinkedHashSet<>()).add(svc.fqdn());
      }
    }
    List<Svc> sorted = new ArrayList<>(services);
    sorted.sort(Comparator.comparing(Svc::fqdn));
    for (Svc svc : sorted) {
      for (Endpoint e : svc.endpoints()) {
        if (!clusterIps.contains(e.address())) {
          byIp.computeIfAbsent(e.address(), k -> new LinkedHashSet<>()).add(e.name());
        }
      }
    }
    Map<InetAddress, List<Name>> out = new HashMap<>();
    byIp.forEach((ip, names) -> out.put(ip, List.copyOf(names)));
    return Map.copyOf(out);
  }

  // ---- answering -------------------------------------------------------------------------------

  /** The SOA serial of this snapshot. */
  public long serial() {
    return serial;
  }

  /** The settings the snapshot was built with. */
  public ZoneSettings settings() {
    return settings;
  }

  /** True when {@code qname} is in the cluster zone or a reverse zone (answered, or SERVFAIL before sync). */
  public static boolean isServed(Name qname, ZoneSettings settings) {
    String q = qname.toString().toLowerCase(Locale.ROOT);
    String zoneDot = settings.zone() + ".";
    return q.equals(zoneDot) || q.endsWith("." + zoneDot) || q.endsWith(".in-addr.arpa.")
        || q.endsWith(".ip6.arpa.");
  }

  /**
   * Decides the answer to one question of class IN.
   *
   * @param qname the question name, as asked (case is kept in owner names)
   * @param qtype the question type
   */
  public Answer answer(Name qname, int qtype) {
    String q = qname.toString().toLowerCase(Locale.ROOT);
    if (q.endsWith(".in-addr.arpa.") || q.endsWith(".ip6.arpa.")) {
      return reverse(qname, q, qtype);
    }
    if (q.equals(zoneDot)) {
      return apex(qname, qtype);
    }
    if (!q.endsWith(zoneSuffix)) {
      return Answer.forwardUpstream();
    }
    String rest = q.substring(0, q.length() - zoneSuffix.length());
    if (rest.equals("dns-version")) {
      return qtype == Type.TXT || qtype == Type.ANY
          ? Answer.positive(List.of(new TXTRecord(qname, DClass.IN, VERSION_TTL, SCHEMA_VERSION)), List.of())
          : noData();
    }
    if (rest.equals("ns.dns")) {
      List<Record> addresses = addresses(qname, nameserverIps, qtype);
      return addresses.isEmpty() ? noData() : Answer.positive(addresses, List.of());
    }
    String[] labels = rest.split("\\.", -1);
    int n = labels.length;
    String last = labels[n - 1];
    if (last.equals("svc")) {
      return serviceName(qname, qtype, labels);
    }
    if (last.equals("pod")) {
      return podName(qname, qtype, labels);
    }
    return nxDomain();
  }

  private Answer apex(Name qname, int qtype) {
    if (qtype == Type.SOA) {
      return Answer.positive(List.of(soa(qname, Math.min(settings.ttl(), 300))), List.of());
    }
    if (qtype == Type.NS) {
      return Answer.positive(List.of(new NSRecord(qname, DClass.IN, settings.ttl(), nsName)),
          addresses(nsName, nameserverIps, Type.ANY));
    }
    return noData();
  }

  private Answer serviceName(Name qname, int qtype, String[] labels) {
    int n = labels.length;
    if (n == 1) {
      return noData(); // svc.<zone>
    }
    if (!namespaces.contains(labels[n - 2])) {
      return nxDomain();
    }
    if (n == 2) {
      return noData(); // <ns>.svc.<zone>
    }
    int extra = n - 3;
    if (extra >= 3) {
      return nxDomain();
    }
    Svc svc = services.get(labels[n - 3] + "." + labels[n - 2]);
    if (svc == null) {
      return nxDomain();
    }
    if (svc.kind() == Kind.EXTERNAL_NAME) {
      if (extra > 0 || svc.externalName() == null) {
        return nxDomain();
      }
      return qtype == Type.A || qtype == Type.AAAA || qtype == Type.CNAME || qtype == Type.ANY
          ? Answer.positive(List.of(new CNAMERecord(qname, DClass.IN, settings.ttl(), svc.externalName())), List.of())
          : noData();
    }
    if (extra == 2) {
      return portQuery(qname, qtype, svc, strip(labels[0]), strip(labels[1]));
    }
    if (extra == 1 || svc.kind() == Kind.HEADLESS) {
      String label = extra == 1 ? labels[0] : null;
      List<Endpoint> endpoints = new ArrayList<>();
      for (Endpoint e : svc.endpoints()) {
        if (label == null || e.label().equals(label)) {
          endpoints.add(e);
        }
      }
      if (endpoints.isEmpty()) {
        return nxDomain();
      }
      return endpointRecords(qname, qtype, svc, endpoints, null, null);
    }
    // A ClusterIP Service by its own name.
    if (qtype == Type.SRV) {
      return clusterIpSrv(qname, svc, svc.ports());
    }
    List<Record> addresses = addresses(qname, svc.clusterIps(), qtype);
    return addresses.isEmpty() ? noData() : Answer.positive(addresses, List.of());
  }

  private Answer portQuery(Name qname, int qtype, Svc svc, String port, String protocol) {
    if (svc.kind() == Kind.HEADLESS) {
      List<Endpoint> matching = new ArrayList<>();
      for (Endpoint e : svc.endpoints()) {
        if (hasPort(e.ports(), port, protocol)) {
          matching.add(e);
        }
      }
      if (matching.isEmpty()) {
        return nxDomain();
      }
      return endpointRecords(qname, qtype, svc, matching, port, protocol);
    }
    List<Port> ports = new ArrayList<>();
    for (Port p : svc.ports()) {
      if (p.name().equals(port) && p.protocol().equals(protocol)) {
        ports.add(p);
      }
    }
    if (ports.isEmpty()) {
      return nxDomain();
    }
    if (qtype == Type.SRV) {
      return clusterIpSrv(qname, svc, ports);
    }
    List<Record> addresses = addresses(qname, svc.clusterIps(), qtype);
    return addresses.isEmpty() ? noData() : Answer.positive(addresses, List.of());
  }

  private static boolean hasPort(List<Port> ports, String port, String protocol) {
    for (Port p : ports) {
      if (p.name().equals(port) && p.protocol().equals(protocol)) {
        return true;
      }
    }
    return false;
  }

  private Answer clusterIpSrv(Name qname, Svc svc, List<Port> ports) {
    Set<Integer> numbers = new LinkedHashSet<>();
    ports.forEach(p -> numbers.add(p.port()));
    if (numbers.isEmpty()) {
      return noData();
    }
    int weight = weight(numbers.size());
    List<Record> answer = new ArrayList<>(numbers.size());
    for (int port : numbers) {
      answer.add(new SRVRecord(qname, DClass.IN, settings.ttl(), 0, weight, port, svc.fqdn()));
    }
    return Answer.positive(answer, addresses(svc.fqdn(), svc.clusterIps(), Type.ANY));
  }

  /** Records for endpoints of one Service: addresses for A/AAAA, endpoint×port for SRV. */
  private Answer endpointRecords(Name qname, int qtype, Svc svc, List<Endpoint> endpoints, String port,
      String protocol) {
    if (qtype == Type.SRV) {
      record Target(Name name, int port) {}
      Map<Target, List<InetAddress>> targets = new LinkedHashMap<>();
      for (Endpoint e : endpoints) {
        for (Port p : e.ports()) {
          if (port == null || (p.name().equals(port) && p.protocol().equals(protocol))) {
            targets.computeIfAbsent(new Target(e.name(), p.port()), k -> new ArrayList<>())
                .add(e.address());
          }
        }
      }
      if (targets.isEmpty()) {
        return noData();
      }
      int weight = weight(targets.size());
      List<Record> answer = new ArrayList<>();
      Map<Name, Set<InetAddress>> extra = new LinkedHashMap<>();
      targets.forEach((t, ips) -> {
        answer.add(new SRVRecord(qname, DClass.IN, settings.ttl(), 0, weight, t.port(), t.name()));
        extra.computeIfAbsent(t.name(), k -> new LinkedHashSet<>()).addAll(ips);
      });
      List<Record> additional = new ArrayList<>();
      extra.forEach((name, ips) -> additional.addAll(addresses(name, List.copyOf(ips), Type.ANY)));
      return Answer.positive(answer, additional);
    }
    Set<InetAddress> ips = new LinkedHashSet<>();
    endpoints.forEach(e -> ips.add(e.address()));
    List<Record> addresses = addresses(qname, List.copyOf(ips), qtype);
    return addresses.isEmpty() ? noData() : Answer.positive(addresses, List.of());
  }

  private Answer podName(Name qname, int qtype, String[] labels) {
    int n = labels.length;
    if (n == 1) {
      return noData(); // pod.<zone>
    }
    String namespace = labels[n - 2];
    if (!namespaces.contains(namespace) || settings.podsMode() == PodsMode.DISABLED) {
      return nxDomain();
    }
    if (n == 2) {
      return noData(); // <ns>.pod.<zone>
    }
    if (n > 3) {
      return nxDomain();
    }
    InetAddress ip = IpLiterals.fromDashed(labels[0]);
    if (ip == null) {
      return nxDomain();
    }
    if (settings.podsMode() == PodsMode.VERIFIED
        && !podIps.getOrDefault(namespace, Set.of()).contains(ip)) {
      return nxDomain();
    }
    List<Record> addresses = addresses(qname, List.of(ip), qtype);
    return addresses.isEmpty() ? noData() : Answer.positive(addresses, List.of());
  }

  private Answer reverse(Name qname, String q, int qtype) {
    InetAddress ip = IpLiterals.fromReverse(q);
    List<Name> targets = ip == null ? null : ptrs.get(ip);
    if (targets == null || qtype != Type.PTR) {
      return Answer.forwardUpstream(); // the plugin's fallthrough for reverse zones
    }
    List<Record> answer = new ArrayList<>(targets.size());
    for (Name target : targets) {
      answer.add(new PTRRecord(qname, DClass.IN, settings.ttl(), target));
    }
    return Answer.positive(answer, List.of());
  }

  /** A and/or AAAA records (by {@code qtype}; {@link Type#ANY} for both) for {@code ips}. */
  private List<Record> addresses(Name owner, List<InetAddress> ips, int qtype) {
    List<Record> out = new ArrayList<>(ips.size());
    for (InetAddress ip : ips) {
      if (ip instanceof Inet4Address && (qtype == Type.A || qtype == Type.ANY)) {
        out.add(new ARecord(owner, DClass.IN, settings.ttl(), ip));
      } else if (ip instanceof Inet6Address && (qtype == Type.AAAA || qtype == Type.ANY)) {
        out.add(new AAAARecord(owner, DClass.IN, settings.ttl(), ip));
      }
    }
    return out;
  }

  /** SRV weight for {@code count} records of one priority: floor(100 / count), at least 1. */
  static int weight(int count) {
    return Math.max(1, (100 * 100) / (100 * count));
  }

  private Answer noData() {
    return Answer.negative(Rcode.NOERROR, soaNegative);
  }

  private Answer nxDomain() {
    return Answer.negative(Rcode.NXDOMAIN, soaNegative);
  }

  private SOARecord soa(Name owner, long ttl) {
    return new SOARecord(owner, DClass.IN, ttl, name("ns.dns." + settings.zone() + "."),
        name("hostmaster." + settings.zone() + "."), serial, SOA_REFRESH, SOA_RETRY, SOA_EXPIRE, settings.ttl());
  }

  private static String strip(String label) {
    return label.startsWith("_") ? label.substring(1) : label;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  private static Name name(String absolute) {
    try {
      return Name.fromString(absolute);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad DNS name " + absolute, e);
    }
  }
}
