package keelson.controllers.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointPlannersTest {
  private final EndpointSlicePlanner planner = new EndpointSlicePlanner();

  private static Service headless(boolean publishNotReady) {
    return new ServiceBuilder().withNewMetadata().withName("nginx").withNamespace("default").withUid("svc-uid")
        .withCreationTimestamp("2026-11-27T09:00:00Z").addToLabels("app", "nginx").endMetadata()
        .withNewSpec().withClusterIP("None").withClusterIPs("None").addToSelector("app", "nginx")
        .withPublishNotReadyAddresses(publishNotReady)
        .withPorts(new ServicePortBuilder().withName("web").withPort(80).withProtocol("TCP")
            .withTargetPort(new IntOrString(80)).build())
        .endSpec().build();
  }

  private static Pod pod(String name, String ip, String node, boolean ready) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
        .withCreationTimestamp("2026-11-27T09:30:00Z").addToLabels("app", "nginx").endMetadata()
        .withNewSpec().withHostname(name).withSubdomain("nginx").withNodeName(node)
        .addNewContainer().withName("nginx").withImage("nginx").withPorts(
            new ContainerPortBuilder().withName("web").withContainerPort(80).withProtocol("TCP").build())
        .endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP(ip)
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
        .withLastTransitionTime("2026-11-27T10:00:0" + (ready ? "1" : "2") + "Z").endCondition()
        .endStatus().build();
  }

  private static Pod terminating(Pod pod) {
    return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-11-27T10:00:10Z")
        .withDeletionGracePeriodSeconds(10L).endMetadata().build();
  }

  private static Endpoint endpointOf(EndpointSlice slice, String pod) {
    return slice.getEndpoints().stream().filter(e -> e.getTargetRef().getName().equals(pod)).findFirst().orElseThrow();
  }

  /** Turns a plan's creates into what the server would store. */
  private static List<EndpointSlice> stored(EndpointSlicePlanner.Plan plan) {
    List<EndpointSlice> out = new ArrayList<>();
    int i = 0;
    for (EndpointSlice s : plan.create()) {
      out.add(new EndpointSliceBuilder(s).editMetadata().withName(s.getMetadata().getGenerateName() + "x" + i++)
          .withResourceVersion("1").endMetadata().build());
    }
    return out;
  }

  /** Scenario 41. */
  @Test
  void headlessServiceSlice() {
    List<Pod> pods = List.of(pod("web-0", "10.244.1.5", "node-1", true), pod("web-1", "10.244.2.6", "node-2", true));
    EndpointSlicePlanner.Plan plan = planner.plan(headless(false), pods, List.of(), Map.of("node-1", "zone-a"));
    assertThat(plan.create()).hasSize(1);
    assertThat(plan.update()).isEmpty();
    EndpointSlice slice = plan.create().get(0);
    assertThat(slice.getMetadata().getGenerateName()).isEqualTo("nginx-");
    assertThat(slice.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "app", "nginx", "kubernetes.io/service-name", "nginx",
        "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io",
        "service.kubernetes.io/headless", ""));
    assertThat(slice.getMetadata().getAnnotations())
        .containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2026-11-27T10:00:01Z");
    assertThat(slice.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("Service");
      assertThat(o.getApiVersion()).isEqualTo("v1");
      assertThat(o.getUid()).isEqualTo("svc-uid");
      assertThat(o.getController()).isTrue();
    });
    assertThat(slice.getAddressType()).isEqualTo("IPv4");
    assertThat(slice.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("web");
      assertThat(p.getPort()).isEqualTo(80);
      assertThat(p.getProtocol()).isEqualTo("TCP");
    });
    Endpoint web0 = endpointOf(slice, "web-0");
    assertThat(web0.getAddresses()).containsExactly("10.244.1.5");
    assertThat(web0.getHostname()).isEqualTo("web-0");
    assertThat(web0.getNodeName()).isEqualTo("node-1");
    assertThat(web0.getZone()).isEqualTo("zone-a");
    assertThat(web0.getTargetRef().getKind()).isEqualTo("Pod");
    assertThat(web0.getTargetRef().getUid()).isEqualTo("uid-web-0");
    assertThat(web0.getConditions().getReady()).isTrue();
    assertThat(web0.getConditions().getServing()).isTrue();
    assertThat(web0.getConditions().getTerminating()).isFalse();
    assertThat(endpointOf(slice, "web-1").getHostname()).isEqualTo("web-1");

    // Planning again against what was stored changes nothing.
    assertThat(planner.plan(headless(false), pods, stored(plan), Map.of("node-1", "zone-a")).isEmpty()).isTrue();
  }

  /** Scenario 42. */
  @Test
  void notReadyPod() {
    List<Pod> pods = List.of(pod("web-0", "10.244.1.5", "node-1", true), pod("web-1", "10.244.2.6", "node-2", false));
    List<EndpointSlice> before = stored(planner.plan(headless(false),
        List.of(pods.get(0), pod("web-1", "10.244.2.6", "node-2", true)), List.of(), Map.of()));
    EndpointSlicePlanner.Plan plan = planner.plan(headless(false), pods, before, Map.of());
    assertThat(plan.create()).isEmpty();
    assertThat(plan.update()).hasSize(1);
    EndpointSlice slice = plan.update().get(0);
    assertThat(slice.getMetadata().getName()).isEqualTo(before.get(0).getMetadata().getName());
    assertThat(slice.getMetadata().getResourceVersion()).isEqualTo("1");
    Endpoint web1 = endpointOf(slice, "web-1");
    assertThat(web1.getConditions().getReady()).isFalse();
    assertThat(web1.getConditions().getServing()).isFalse();

    Endpoints endpoints = EndpointsPlanner.desired(headless(false), pods);
    assertThat(endpoints.getSubsets()).singleElement().satisfies(s -> {
      assertThat(s.getAddresses()).extracting("ip").containsExactly("10.244.1.5");
      assertThat(s.getNotReadyAddresses()).extracting("ip").containsExactly("10.244.2.6");
      assertThat(s.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(80));
    });
    assertThat(endpoints.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
  }

  /** Scenario 43. */
  @Test
  void publishNotReadyAddresses() {
    List<Pod> pods = List.of(pod("web-0", "10.244.1.5", "node-1", true), pod("web-1", "10.244.2.6", "node-2", false));
    EndpointSlice slice = planner.plan(headless(true), pods, List.of(), Map.of()).create().get(0);
    Endpoint web1 = endpointOf(slice, "web-1");
    assertThat(web1.getConditions().getReady()).isTrue();
    assertThat(web1.getConditions().getServing()).isFalse();
    EndpointSubset subset = EndpointsPlanner.desired(headless(true), pods).getSubsets().get(0);
    assertThat(subset.getAddresses()).extracting("ip").containsExactly("10.244.1.5", "10.244.2.6");
    assertThat(subset.getNotReadyAddresses()).isNull();

    // publishing keeps terminating pods in Endpoints too
    List<Pod> leaving = List.of(terminating(pods.get(0)), pods.get(1));
    assertThat(EndpointsPlanner.desired(headless(true), leaving).getSubsets().get(0).getAddresses()).hasSize(2);
    assertThat(endpointOf(planner.plan(headless(true), leaving, List.of(), Map.of()).create().get(0), "web-0")
        .getConditions().getReady()).isTrue();
  }

  /** Scenario 44. */
  @Test
  void terminatingPod() {
    List<Pod> pods = List.of(terminating(pod("web-0", "10.244.1.5", "node-1", true)),
        pod("web-1", "10.244.2.6", "node-2", true));
    Endpoint web0 = endpointOf(planner.plan(headless(false), pods, List.of(), Map.of()).create().get(0), "web-0");
    assertThat(web0.getConditions().getTerminating()).isTrue();
    assertThat(web0.getConditions().getReady()).isFalse();
    assertThat(web0.getConditions().getServing()).isTrue();
    EndpointSubset subset = EndpointsPlanner.desired(headless(false), pods).getSubsets().get(0);
    assertThat(subset.getAddresses()).extracting("ip").containsExactly("10.244.2.6");
    assertThat(subset.getNotReadyAddresses()).isNull();
  }

  /** Scenario 47. */
  @Test
  void hostnameOnlyForTheServicesSubdomain() {
    Pod other = new PodBuilder(pod("busybox-1", "10.244.1.9", "node-1", true)).editSpec().withHostname("busybox-1")
        .withSubdomain("other").endSpec().build();
    Endpoint endpoint = endpointOf(planner.plan(headless(false), List.of(other), List.of(), Map.of()).create().get(0),
        "busybox-1");
    assertThat(endpoint.getHostname()).isNull();
    assertThat(EndpointsPlanner.desired(headless(false), List.of(other)).getSubsets().get(0).getAddresses().get(0)
        .getHostname()).isNull();
  }

  @Test
  void membershipLeavesOutPodsWithoutIpOrFinished() {
    Pod pending = new PodBuilder(pod("p", "10.0.0.1", "node-1", false)).editStatus().withPodIP(null)
        .withPodIPs(List.of()).endStatus().build();
    Pod done = new PodBuilder(pod("d", "10.0.0.2", "node-1", false)).editStatus().withPhase("Succeeded").endStatus().build();
    Pod unrelated = new PodBuilder(pod("u", "10.0.0.3", "node-1", true)).editMetadata().withLabels(Map.of("app", "x"))
        .endMetadata().build();
    EndpointSlicePlanner.Plan plan = planner.plan(headless(false), List.of(pending, done, unrelated), List.of(), Map.of());
    // nothing selected: one placeholder slice without ports or endpoints
    assertThat(plan.create()).singleElement().satisfies(s -> {
      assertThat(s.getEndpoints()).isEmpty();
      assertThat(s.getPorts()).isEmpty();
    });
    assertThat(planner.plan(headless(false), List.of(), stored(plan), Map.of()).isEmpty()).isTrue();
    Endpoints endpoints = EndpointsPlanner.desired(headless(false), List.of(pending, done, unrelated));
    assertThat(endpoints.getSubsets()).isEmpty();
  }

  @Test
  void namedTargetPortsSplitPodsByResolvedPorts() {
    Service svc = new ServiceBuilder(headless(false)).editSpec().withClusterIP("10.96.3.4").withClusterIPs("10.96.3.4")
        .withPorts(new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP")
            .withTargetPort(new IntOrString("web")).build()).endSpec().build();
    Pod on8080 = new PodBuilder(pod("a", "10.0.0.1", "node-1", true)).editSpec().editFirstContainer()
        .withPorts(new ContainerPortBuilder().withName("web").withContainerPort(8080).build()).endContainer()
        .endSpec().build();
    Pod on80 = pod("b", "10.0.0.2", "node-1", true);
    EndpointSlicePlanner.Plan plan = planner.plan(svc, List.of(on8080, on80), List.of(), Map.of());
    assertThat(plan.create()).hasSize(2);
    assertThat(plan.create()).extracting(s -> s.getPorts().get(0).getPort()).containsExactlyInAnyOrder(8080, 80);
    assertThat(plan.create().get(0).getMetadata().getLabels()).doesNotContainKey("service.kubernetes.io/headless");
    Endpoints endpoints = EndpointsPlanner.desired(svc, List.of(on8080, on80));
    assertThat(endpoints.getSubsets()).hasSize(2);
    assertThat(endpoints.getMetadata().getLabels()).doesNotContainKey("service.kubernetes.io/headless");
  }

  @Test
  void atMostOneHundredPerSliceAndEndpointsStayPut() {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      pods.add(pod("p" + i, "10.1." + (i / 200) + "." + (i % 200), "node-1", true));
    }
    EndpointSlicePlanner.Plan first = planner.plan(headless(false), pods, List.of(), Map.of());
    assertThat(first.create()).extracting(s -> s.getEndpoints().size()).containsExactly(100, 100, 50);
    List<EndpointSlice> stored = stored(first);
    // one pod goes: only its slice changes
    List<Pod> fewer = new ArrayList<>(pods);
    fewer.remove(0);
    EndpointSlicePlanner.Plan second = planner.plan(headless(false), fewer, stored, Map.of());
    assertThat(second.create()).isEmpty();
    assertThat(second.delete()).isEmpty();
    assertThat(second.update()).singleElement().satisfies(s -> assertThat(s.getEndpoints()).hasSize(99));
  }

  @Test
  void headlessWithoutPorts() {
    Service svc = new ServiceBuilder(headless(false)).editSpec().withPorts(List.of()).endSpec().build();
    List<Pod> pods = List.of(pod("web-0", "10.244.1.5", "node-1", true));
    EndpointSlice slice = planner.plan(svc, pods, List.of(), Map.of()).create().get(0);
    assertThat(slice.getPorts()).isEmpty();
    assertThat(slice.getEndpoints()).hasSize(1);
    EndpointSubset subset = EndpointsPlanner.desired(svc, pods).getSubsets().get(0);
    assertThat(subset.getPorts()).isNull();
    assertThat(subset.getAddresses()).hasSize(1);
  }

  @Test
  void endpointsCurrentIgnoresTheTriggerTime() {
    List<Pod> pods = List.of(pod("web-0", "10.244.1.5", "node-1", true));
    Endpoints desired = EndpointsPlanner.desired(headless(false), pods);
    Endpoints existing = new io.fabric8.kubernetes.api.model.EndpointsBuilder(desired).editMetadata()
        .withResourceVersion("5").withAnnotations(Map.of()).endMetadata().build();
    assertThat(EndpointsPlanner.current(existing, desired)).isTrue();
    assertThat(EndpointsPlanner.current(existing, EndpointsPlanner.desired(headless(false), List.of()))).isFalse();
  }
}
