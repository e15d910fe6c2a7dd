package keelson.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import keelson.nodes.ipam.Ipv4;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The components against a running {@code keelson server}: run with
 * {@code -Dkeelson.kubeconfig=DIR/kubeconfig}; skipped otherwise (keelson-e2e owns real-process tests).
 * Pods are created already bound ({@code spec.nodeName}), so no scheduler is needed.
 */
class NodesAgainstServerTest {

  @Test
  void podsGoFromCreateToReadyAndDeletionCompletes() throws Exception {
    String kubeconfig = System.getProperty("keelson.kubeconfig");
    Assumptions.assumeTrue(kubeconfig != null, "set -Dkeelson.kubeconfig to run against a server");
    Config config = Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)));
    config.setOnlyHttpWatches(true); // the server answers WebSocket upgrades with 503
    int podCount = Integer.getInteger("keelson.pods", 300);
    int nodeCount = Math.max(3, podCount / 100); // at most 110 pods fit a node
    String prefix = "smoke-" + Long.toString(System.currentTimeMillis() % 100_000, 36) + "-";
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        Nodes nodes = Nodes.start(client, nodeCount, Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> client.nodes().list().getItems().stream()
          .filter(n -> n.getMetadata().getName().startsWith("keelson-node-")
              && n.getStatus() != null && n.getStatus().getConditions() != null
              && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                  && "True".equals(c.getStatus()))).count() == nodeCount);
      for (Node n : client.nodes().list().getItems()) {
        System.out.printf("node %s podCIDR=%s ip=%s%n", n.getMetadata().getName(), n.getSpec().getPodCIDR(),
            n.getStatus().getAddresses().get(0).getAddress());
      }
      assertThat(client.leases().inNamespace("kube-node-lease").withName("keelson-node-1").get()).isNotNull();

      Map<String, Long> created = new ConcurrentHashMap<>();
      Map<String, Long> running = new ConcurrentHashMap<>();
      Map<String, Long> ready = new ConcurrentHashMap<>();
      Map<String, List<String>> statuses = new ConcurrentHashMap<>();
      try (var watch = client.pods().inNamespace("default").watch(new Watcher<Pod>() {
        @Override
        public void eventReceived(Action action, Pod pod) {
          long now = System.nanoTime();
          String name = pod.getMetadata().getName();
          if (!name.startsWith(prefix)) {
            return;
          }
          String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
          String waiting = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
              || pod.getStatus().getContainerStatuses().isEmpty()
              || pod.getStatus().getContainerStatuses().get(0).getState().getWaiting() == null ? null
              : pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason();
          statuses.computeIfAbsent(name, k -> new ArrayList<>()).add(waiting != null ? waiting : phase);
          if ("Running".equals(phase)) {
            running.putIfAbsent(name, now);
          }
          if (pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
              .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
            ready.putIfAbsent(name, now);
          }
        }

        @Override
        public void onClose(WatcherException cause) {}
      })) {
        long start = System.nanoTime();
        IntStream.range(0, podCount).parallel().forEach(i -> {
          String name = prefix + i;
          created.put(name, System.nanoTime());
          client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
              .withNewSpec().withNodeName("keelson-node-" + (1 + i % nodeCount)).withTerminationGracePeriodSeconds(10L)
              .addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer().endSpec().build()).create();
        });
        System.out.printf("created %d pods in %d ms%n", podCount, (System.nanoTime() - start) / 1_000_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> ready.size() == podCount);
        long end = System.nanoTime();
        List<Long> toRunning = new ArrayList<>();
        List<Long> toReady = new ArrayList<>();
        created.forEach((name, t) -> {
          if (!name.startsWith(prefix)) {
            return;
          }
          toRunning.add((running.get(name) - t) / 1_000_000);
          toReady.add((ready.get(name) - t) / 1_000_000);
        });
        toRunning.sort(null);
        toReady.sort(null);
        System.out.printf("%d pods create->Ready in %d ms (%.0f pods/s); create->Running p50 %d ms p99 %d ms;"
            + " create->Ready p50 %d ms p99 %d ms%n", podCount, (end - start) / 1_000_000,
            podCount * 1e9 / (end - start), toRunning.get(podCount / 2), toRunning.get(podCount * 99 / 100),
            toReady.get(podCount / 2), toReady.get(podCount * 99 / 100));
        System.out.println("smoke-0 watch sequence: " + statuses.get(prefix + "0"));
      }

      Pod pod = client.pods().inNamespace("default").withName(prefix + "0").get();
      assertThat(pod.getStatus().getConditions()).extracting(PodCondition::getType)
          .containsExactly("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
      Node node = client.nodes().withName(pod.getSpec().getNodeName()).get();
      assertThat(Ipv4.contains(node.getSpec().getPodCIDR(), pod.getStatus().getPodIP())).isTrue();

      client.pods().inNamespace("default").withName(prefix + "1").edit(p -> new PodBuilder(p).editMetadata()
          .addToAnnotations(Faults.READY, "false").endMetadata().build());
      await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace("default").withName(prefix + "1").get()
          .getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus())));

      long deleteStart = System.nanoTime();
      client.pods().inNamespace("default").withName(prefix + "0").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace("default").withName(prefix + "0").get() == null);
      System.out.printf("graceful deletion completed in %d ms%n", (System.nanoTime() - deleteStart) / 1_000_000);
      // Delete the rest while the simulator still runs, so they do not stay Terminating.
      client.pods().inNamespace("default").delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace("default").list().getItems().isEmpty());
    }
  }
}
