package keelson.apiserver.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Bootstrap;
import keelson.apiserver.rest.DeleteOptions;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.NameGenerator;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.rest.WriteOptions;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceAllocatorTest {
  private final MemoryStore store = new MemoryStore();
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T10:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  private final ServiceAllocator allocator =
      new ServiceAllocator(store, "10.96.0.0/12", 30000, 32767, clock, new Random(3));
  private final RegistryStore registry = registry(allocator);

  private RegistryStore registry(ServiceAllocator admission) {
    RegistryStore r = new RegistryStore(store, clock, new NameGenerator(new SplittableRandom(7)),
        List.of(admission), true);
    Bootstrap.ensureSystemNamespaces(r);
    return r;
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  private static ObjectNode service(String name) {
    ObjectNode svc = Json.object().put("apiVersion", "v1").put("kind", "Service");
    svc.putObject("metadata").put("name", name);
    ObjectNode spec = svc.putObject("spec");
    spec.putObject("selector").put("app", name);
    spec.putArray("ports").addObject().put("port", 80);
    return svc;
  }

  private ObjectNode create(ObjectNode svc) {
    return registry.create(BuiltinResources.SERVICES, "default", svc, WriteOptions.DEFAULT);
  }

  @Test
  void cidrBands() {
    ServiceCidr cidr = ServiceCidr.parse("10.96.0.0/12");
    assertThat(cidr.usable()).isEqualTo((1 << 20) - 2);
    assertThat(cidr.staticBand()).isEqualTo(256);
    assertThat(cidr.address(0)).isEqualTo("10.96.0.1");
    assertThat(cidr.address(9)).isEqualTo("10.96.0.10");
    assertThat(cidr.offset("10.96.0.0")).isEmpty();
    assertThat(cidr.offset("10.111.255.255")).isEmpty();
    assertThat(cidr.offset("10.111.255.254")).contains(cidr.usable() - 1);
    assertThat(ServiceCidr.parse("192.168.7.0/24").staticBand()).isEqualTo(16);
  }

  /** Scenario 40: a free address outside the lowest 256, mirrored in clusterIPs. */
  @Test
  void dynamicAllocationPrefersTheUpperBand() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      ObjectNode svc = create(service("s" + i));
      String ip = svc.path("spec").path("clusterIP").asText();
      assertThat(svc.path("spec").path("clusterIPs")).hasSize(1);
      assertThat(svc.path("spec").path("clusterIPs").get(0).asText()).isEqualTo(ip);
      long offset = allocator.cidr().offset(ip).orElseThrow();
      assertThat(offset).isGreaterThanOrEqualTo(256);
      assertThat(seen.add(ip)).isTrue();
      assertThat(store.get("/registry/keelson/serviceips/" + ip)).isPresent();
    }
  }

  @Test
  void smallRangeFallsBackToTheStaticBand() {
    MemoryStore small = new MemoryStore();
    ServiceAllocator tiny = new ServiceAllocator(small, "10.0.0.0/27", 30000, 32767, clock, new Random(1));
    RegistryStore r = new RegistryStore(small, clock, new NameGenerator(new SplittableRandom(7)), List.of(tiny), true);
    Bootstrap.ensureSystemNamespaces(r);
    Set<String> ips = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      ips.add(r.create(BuiltinResources.SERVICES, "default", service("s" + i), WriteOptions.DEFAULT)
          .path("spec").path("clusterIP").asText());
    }
    assertThat(ips).hasSize(30).doesNotContain("10.0.0.0", "10.0.0.31");
    assertThatThrownBy(() -> r.create(BuiltinResources.SERVICES, "default", service("full"), WriteOptions.DEFAULT))
        .hasMessageContaining("failed to allocate a serviceIP: range is full");
  }

  @Test
  void requestedAddressMustBeFreeAndInRange() {
    ObjectNode first = service("dns");
    first.with("spec").put("clusterIP", "10.96.0.10");
    assertThat(create(first).path("spec").path("clusterIPs").toString()).isEqualTo("[\"10.96.0.10\"]");

    ObjectNode second = service("other");
    second.with("spec").put("clusterIP", "10.96.0.10");
    assertThatThrownBy(() -> create(second)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(422);
      assertThat(e.getMessage()).isEqualTo("Service \"other\" is invalid: spec.clusterIPs: Invalid value: "
          + "[]string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP is already allocated");
    });
    ObjectNode outside = service("outside");
    outside.with("spec").put("clusterIP", "10.200.0.1");
    assertThatThrownBy(() -> create(outside)).hasMessage("Service \"outside\" is invalid: spec.clusterIPs: "
        + "Invalid value: []string{\"10.200.0.1\"}: failed to allocate IP 10.200.0.1: provided IP 10.200.0.1 "
        + "is not in the valid range");
    ObjectNode network = service("network");
    network.with("spec").put("clusterIP", "10.96.0.0");
    assertThatThrownBy(() -> create(network)).hasMessageContaining("is not in the valid range");
  }

  @Test
  void headlessAndExternalNameGetNoAddress() {
    ObjectNode headless = service("nginx");
    headless.with("spec").put("clusterIP", "None");
    assertThat(create(headless).path("spec").path("clusterIPs").toString()).isEqualTo("[\"None\"]");
    ObjectNode external = Json.object();
    external.putObject("metadata").put("name", "ext");
    external.putObject("spec").put("type", "ExternalName").put("externalName", "example.com");
    assertThat(create(external).path("spec").has("clusterIP")).isFalse();
    assertThat(store.range("/registry/keelson/", null, 0, 0).items()).isEmpty();
  }

  @Test
  void updateWithoutClusterIPKeepsIt() {
    String ip = create(service("web")).path("spec").path("clusterIP").asText();
    ObjectNode updated = registry.update(BuiltinResources.SERVICES, "default", "web", null, obj -> {
      ObjectNode replacement = service("web");
      replacement.with("metadata").put("resourceVersion", obj.path("metadata").path("resourceVersion").asText());
      return replacement;
    }, WriteOptions.DEFAULT, false);
    assertThat(updated.path("spec").path("clusterIP").asText()).isEqualTo(ip);
  }

  @Test
  void deleteReleasesTheAddressAndNodePorts() {
    allocator.start();
    ObjectNode svc = service("np");
    svc.with("spec").put("type", "NodePort").put("clusterIP", "10.96.5.5");
    svc.with("spec").withArray("ports").get(0).isObject();
    ((ObjectNode) svc.with("spec").withArray("ports").get(0)).put("nodePort", 30080);
    ObjectNode created = create(svc);
    assertThat(created.path("spec").path("ports").get(0).path("nodePort").asInt()).isEqualTo(30080);
    assertThat(store.get("/registry/keelson/servicenodeports/30080")).isPresent();

    ObjectNode clash = service("clash");
    clash.with("spec").put("type", "NodePort");
    ((ObjectNode) clash.with("spec").withArray("ports").get(0)).put("nodePort", 30080);
    assertThatThrownBy(() -> create(clash)).hasMessage("Service \"clash\" is invalid: spec.ports[0].nodePort: "
        + "Invalid value: 30080: provided port is already allocated");
    // the failed request gave back the ClusterIP it had taken
    assertThat(store.range("/registry/keelson/serviceips/", null, 0, 0).items()).hasSize(1);

    ObjectNode outOfRange = service("far");
    outOfRange.with("spec").put("type", "NodePort");
    ((ObjectNode) outOfRange.with("spec").withArray("ports").get(0)).put("nodePort", 40000);
    assertThatThrownBy(() -> create(outOfRange)).hasMessageEndingWith("spec.ports[0].nodePort: Invalid value: "
        + "40000: provided port is not in the valid range. The range of valid ports is 30000-32767");

    registry.delete(BuiltinResources.SERVICES, "default", "np", DeleteOptions.DEFAULT);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(store.get("/registry/keelson/serviceips/10.96.5.5")).isEmpty();
      assertThat(store.get("/registry/keelson/servicenodeports/30080")).isEmpty();
    });
    ObjectNode again = service("again");
    again.with("spec").put("clusterIP", "10.96.5.5");
    assertThat(create(again).path("spec").path("clusterIP").asText()).isEqualTo("10.96.5.5");
  }

  @Test
  void nodePortsAreAllocatedOutsideTheStaticBand() {
    ObjectNode svc = service("np");
    svc.with("spec").put("type", "NodePort");
    ((ObjectNode) svc.with("spec").withArray("ports").get(0)).put("name", "http");
    svc.with("spec").withArray("ports").addObject().put("name", "https").put("port", 443);
    ObjectNode created = create(svc);
    for (var port : created.path("spec").path("ports")) {
      assertThat(port.path("nodePort").asInt()).isBetween(30086, 32767);
    }
  }

  @Test
  void staleClaimsOfVanishedServicesAreTakenOver() {
    // A claim left by a request that never stored its Service (a dry run, a failed write).
    store.create("/registry/keelson/serviceips/10.96.7.7", new ServiceAllocator.Owner("default", "ghost", "u-1")
        .claim(now.get().toEpochMilli()));
    ObjectNode svc = service("real");
    svc.with("spec").put("clusterIP", "10.96.7.7");
    assertThatThrownBy(() -> create(svc.deepCopy())).hasMessageContaining("provided IP is already allocated");
    now.set(now.get().plusSeconds(30));
    assertThat(create(svc).path("spec").path("clusterIP").asText()).isEqualTo("10.96.7.7");
  }

  @Test
  void repairClaimsExistingServicesAndFreesOrphans() {
    store.create("/registry/keelson/serviceips/10.96.8.8", new ServiceAllocator.Owner("default", "ghost", "u-1")
        .claim(now.get().toEpochMilli()));
    ObjectNode svc = service("legacy");
    String ip = create(svc).path("spec").path("clusterIP").asText();
    store.delete("/registry/keelson/serviceips/" + ip, 0);
    now.set(now.get().plusSeconds(30));
    allocator.repair();
    assertThat(store.get("/registry/keelson/serviceips/" + ip)).isPresent();
    assertThat(store.get("/registry/keelson/serviceips/10.96.8.8")).isEmpty();
  }

  @Test
  void twoServersSharingStorageNeverShareAnAddress() throws Exception {
    ServiceAllocator other = new ServiceAllocator(store, "10.96.0.0/28", 30000, 32767, clock, new Random(3));
    ServiceAllocator mine = new ServiceAllocator(store, "10.96.0.0/28", 30000, 32767, clock, new Random(3));
    RegistryStore a = registry(other);
    RegistryStore b = registry(mine);
    Set<String> ips = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 2; t++) {
      RegistryStore r = t == 0 ? a : b;
      int base = t * 100;
      threads.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 7; i++) {
          ips.add(r.create(BuiltinResources.SERVICES, "default", service("x" + (base + i)), WriteOptions.DEFAULT)
              .path("spec").path("clusterIP").asText());
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ips).hasSize(14);
  }

  @Test
  void systemServices() {
    SystemServices.ensure(registry, allocator, "127.0.0.1", 6443);
    SystemServices.ensure(registry, allocator, "127.0.0.1", 6443);
    ObjectNode kubernetes = registry.get(BuiltinResources.SERVICES, "default", "kubernetes");
    assertThat(kubernetes.path("spec").path("clusterIP").asText()).isEqualTo("10.96.0.1");
    assertThat(kubernetes.path("spec").path("ports").get(0).path("targetPort").asInt()).isEqualTo(6443);
    ObjectNode dns = registry.get(BuiltinResources.SERVICES, "kube-system", "kube-dns");
    assertThat(dns.path("spec").path("clusterIPs").toString()).isEqualTo("[\"10.96.0.10\"]");
    assertThat(dns.path("spec").path("ports")).hasSize(3);
    assertThat(dns.path("spec").path("selector").path("k8s-app").asText()).isEqualTo("kube-dns");
    assertThat(store.get("/registry/keelson/serviceips/10.96.0.1")).isPresent();
    assertThat(store.get("/registry/keelson/serviceips/10.96.0.10")).isPresent();
    ObjectNode endpoints = registry.get(BuiltinResources.ENDPOINTS, "default", "kubernetes");
    assertThat(endpoints.path("subsets").get(0).path("ports").get(0).path("port").asInt()).isEqualTo(6443);
    assertThat(registry.find(BuiltinResources.ENDPOINT_SLICES, "default", "kubernetes")).isPresent();
  }

  @Test
  void aDryRunGetsFreeValuesButClaimsNothing() {
    long before = store.currentRevision();
    ObjectNode svc = service("preview");
    ((ObjectNode) svc.get("spec")).put("type", "NodePort");
    ObjectNode previewed = registry.create(BuiltinResources.SERVICES, "default", svc, new WriteOptions(true, null));

    assertThat(previewed.at("/spec/clusterIP").asText()).startsWith("10.");
    assertThat(previewed.at("/spec/ports/0/nodePort").asInt()).isBetween(30000, 32767);
    assertThat(store.currentRevision()).as("nothing was written").isEqualTo(before);

    ObjectNode taken = create(service("taken"));
    ObjectNode clash = service("clash");
    ((ObjectNode) clash.get("spec")).put("clusterIP", taken.at("/spec/clusterIP").asText());
    assertThatThrownBy(() -> registry.create(BuiltinResources.SERVICES, "default", clash, new WriteOptions(true, null)))
        .isInstanceOf(ApiException.class).hasMessageContaining("provided IP is already allocated");
  }
}
