package keelson.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.rest.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Services every cluster starts with: {@code default/kubernetes} on the range's first address
 * (443 → 6443, no selector, with an Endpoints object and an EndpointSlice naming this API server)
 * and {@code kube-system/kube-dns} on its tenth, as kubeadm installs it. Idempotent: restarts and
 * servers sharing storage find them there. Both go through the ordinary create path, so their
 * addresses are claimed like any other.
 */
public final class SystemServices {
  private static final Logger log = LoggerFactory.getLogger(SystemServices.class);

  private SystemServices() {}

  /**
   * Starts the allocator's release loop and makes sure the system Services exist.
   *
   * @param apiHost the address the API listens on (a wildcard or a name counts as 127.0.0.1)
   * @param apiPort the API's port; 0 leaves the {@code kubernetes} endpoints out
   */
  public static void ensure(RegistryStore registry, ServiceAllocator allocator, String apiHost, int apiPort) {
    allocator.start();
    ServiceCidr cidr = allocator.cidr();
    createIfMissing(registry, kubernetes(cidr.address(0)));
    createIfMissing(registry, kubeDns(cidr.address(9)));
    if (apiPort > 0) {
      String ip = ServiceCidr.toLong(apiHost).isPresent() && !apiHost.equals("0.0.0.0") ? apiHost : "127.0.0.1";
      apiEndpoints(registry, ip, apiPort);
    }
  }

  static ObjectNode kubernetes(String ip) {
    ObjectNode svc = service("default", "kubernetes", ip);
    Json.metadata(svc).putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
    Json.child(svc, "spec").putArray("ports").addObject()
        .put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", 6443);
    return svc;
  }

  static ObjectNode kubeDns(String ip) {
    ObjectNode svc = service("kube-system", "kube-dns", ip);
    ObjectNode meta = Json.metadata(svc);
    meta.putObject("labels").put("k8s-app", "kube-dns").put("kubernetes.io/cluster-service", "true")
        .put("kubernetes.io/name", "CoreDNS");
    meta.putObject("annotations").put("prometheus.io/port", "9153").put("prometheus.io/scrape", "true");
    ObjectNode spec = Json.child(svc, "spec");
    spec.putObject("selector").put("k8s-app", "kube-dns");
    var ports = spec.putArray("ports");
    ports.addObject().put("name", "dns").put("port", 53).put("protocol", "UDP").put("targetPort", 53);
    ports.addObject().put("name", "dns-tcp").put("port", 53).put("protocol", "TCP").put("targetPort", 53);
    ports.addObject().put("name", "metrics").put("port", 9153).put("protocol", "TCP").put("targetPort", 9153);
    return svc;
  }

  private static ObjectNode service(String namespace, String name, String ip) {
    ObjectNode svc = Json.object().put("apiVersion", "v1").put("kind", "Service");
    svc.putObject("metadata").put("name", name).put("namespace", namespace);
    ObjectNode spec = svc.putObject("spec").put("type", "ClusterIP").put("clusterIP", ip)
        .put("sessionAffinity", "None");
    spec.putArray("clusterIPs").add(ip);
    return svc;
  }

  private static void createIfMissing(RegistryStore registry, ObjectNode svc) {
    String namespace = svc.path("metadata").path("namespace").asText();
    String name = svc.path("metadata").path("name").asText();
    if (registry.find(BuiltinResources.SERVICES, namespace, name).isPresent()) {
      return;
    }
    try {
      registry.create(BuiltinResources.SERVICES, namespace, svc, WriteOptions.DEFAULT);
    } catch (ApiException e) {
      if (e.code() != 409) {
        // Its address may have been taken by a user's Service: start anyway, and say so.
        log.atWarn().addKeyValue("service", namespace + "/" + name).addKeyValue("error", e.getMessage())
            .log("cannot create a system Service");
      }
    }
  }

  /** Points {@code default/kubernetes}' Endpoints and EndpointSlice at this API server. */
  private static void apiEndpoints(RegistryStore registry, String ip, int port) {
    ObjectNode endpoints = Json.object().put("apiVersion", "v1").put("kind", "Endpoints");
    endpoints.putObject("metadata").put("name", "kubernetes").put("namespace", "default")
        .putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
    ObjectNode subset = endpoints.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", ip);
    subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    upsert(registry, BuiltinResources.ENDPOINTS, endpoints, "subsets");

    ObjectNode slice = Json.object().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
    slice.putObject("metadata").put("name", "kubernetes").put("namespace", "default")
        .putObject("labels").put("kubernetes.io/service-name", "kubernetes");
    slice.put("addressType", "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(ip);
    endpoint.putObject("conditions").put("ready", true);
    slice.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    upsert(registry, BuiltinResources.ENDPOINT_SLICES, slice, "endpoints", "ports");
  }

  /** Creates an object, or rewrites the given fields when they differ (the last server started wins). */
  private static void upsert(RegistryStore registry, ResourceType type, ObjectNode desired, String... fields) {
    String name = desired.path("metadata").path("name").asText();
    try {
      Optional<ObjectNode> current = registry.find(type, "default", name);
      if (current.isEmpty()) {
        registry.create(type, "default", desired, WriteOptions.DEFAULT);
        return;
      }
      boolean same = true;
      for (String field : fields) {
        same &= desired.path(field).equals(current.get().path(field));
      }
      if (same) {
        return;
      }
      registry.update(type, "default", name, null, obj -> {
        for (String field : fields) {
          JsonNode value = desired.get(field);
          obj.set(field, value.deepCopy());
        }
        return obj;
      }, WriteOptions.DEFAULT, true);
    } catch (ApiException e) {
      log.atWarn().addKeyValue("object", type.plural() + "/" + name).addKeyValue("error", e.getMessage())
          .log("cannot point the kubernetes Service at this API server");
    }
  }
}
