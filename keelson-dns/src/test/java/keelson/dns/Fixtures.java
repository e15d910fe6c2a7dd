package keelson.dns;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Services, slices and namespaces as the tutorial (§9 of the behaviour document) leaves them. */
public final class Fixtures {
  private Fixtures() {}

  public static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  public static ServicePort port(String name, String protocol, int port) {
    return new ServicePortBuilder().withName(name).withProtocol(protocol).withPort(port).build();
  }

  public static Service clusterIp(String ns, String name, String ip, ServicePort... ports) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip).withPorts(ports).endSpec().build();
  }

  public static Service headless(String ns, String name, ServicePort... ports) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP("None").withClusterIPs("None").withPorts(ports)
        .endSpec().build();
  }

  public static Service externalName(String ns, String name, String target) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ExternalName").withExternalName(target).endSpec().build();
  }

  /** An endpoint; {@code ready} null leaves the condition unset. */
  public static Endpoint endpoint(String ip, String hostname, Boolean ready) {
    return new EndpointBuilder().withAddresses(ip).withHostname(hostname)
        .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions().build();
  }

  public static EndpointPort slicePort(String name, String protocol, int port) {
    return new EndpointPortBuilder().withName(name).withProtocol(protocol).withPort(port).build();
  }

  public static EndpointSlice slice(String ns, String service, String name, List<EndpointPort> ports,
      Endpoint... endpoints) {
    return new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(name)
        .withLabels(Map.of("kubernetes.io/service-name", service)).endMetadata()
        .withAddressType(endpoints.length > 0 && endpoints[0].getAddresses().get(0).contains(":") ? "IPv6" : "IPv4")
        .withPorts(ports).withEndpoints(endpoints).build();
  }

  /** The tutorial cluster: nginx (headless, web-0/web-1 Ready), kube-dns, kubernetes, web-svc, fluentd. */
  public static final class Cluster {
    public final List<Service> services = new ArrayList<>();
    public final List<EndpointSlice> slices = new ArrayList<>();
    public final List<Namespace> namespaces = new ArrayList<>(
        List.of(namespace("default"), namespace("kube-system"), namespace("other")));

    public Cluster() {
      services.add(clusterIp("default", "kubernetes", "10.96.0.1", port("https", "TCP", 443)));
      services.add(clusterIp("kube-system", "kube-dns", "10.96.0.10", port("dns", "UDP", 53),
          port("dns-tcp", "TCP", 53), port("metrics", "TCP", 9153)));
      services.add(headless("default", "nginx", port("web", "TCP", 80)));
      services.add(clusterIp("default", "web-svc", "10.96.140.7", port("http", "TCP", 80)));
      services.add(headless("default", "fluentd", port("http", "TCP", 24224)));
      nginx(true, true);
      slices.add(slice("default", "fluentd", "fluentd-abcde", List.of(slicePort("http", "TCP", 24224)),
          endpoint("10.244.1.7", null, true), endpoint("10.244.2.8", null, true)));
    }

    /** Replaces nginx's slice with web-0 and web-1 in the given readiness. */
    public Cluster nginx(Boolean web0Ready, Boolean web1Ready) {
      slices.removeIf(s -> s.getMetadata().getName().startsWith("nginx-"));
      slices.add(slice("default", "nginx", "nginx-7fk2x", List.of(slicePort("web", "TCP", 80)),
          endpoint("10.244.1.5", "web-0", web0Ready), endpoint("10.244.2.6", "web-1", web1Ready)));
      return this;
    }
  }
}
