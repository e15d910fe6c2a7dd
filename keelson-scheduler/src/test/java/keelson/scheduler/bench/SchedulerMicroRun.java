package keelson.scheduler.bench;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import keelson.scheduler.Scheduler;

/**
 * Not a test: measures pods/s from create to bound against a running {@code keelson server}.
 * Creates NODES nodes, starts the scheduler, creates PODS pods concurrently and waits until every
 * one has a node; prints the create rate and the create-to-bound rate. With a fourth argument
 * {@code backlog}, the scheduler is not leader while the pods are created and the time runs from
 * when it becomes leader: the scheduler's own rate.
 *
 * <p>Run: {@code java -cp <test classpath> keelson.scheduler.bench.SchedulerMicroRun KUBECONFIG NODES PODS}
 */
public final class SchedulerMicroRun {
  public static void main(String[] args) throws Exception {
    String kubeconfig = Files.readString(Path.of(args[0]));
    int nodes = Integer.parseInt(args[1]);
    int pods = Integer.parseInt(args[2]);
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setMaxConcurrentRequests(512);
    config.setMaxConcurrentRequestsPerHost(512);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      String ns = "bench-" + Long.toHexString(System.nanoTime());
      client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
          .withNewMetadata().withName(ns).endMetadata().build()).create();
      Map<String, Quantity> alloc = Map.of("cpu", new Quantity("64"), "memory", new Quantity("256Gi"),
          "pods", new Quantity("1000"));
      for (int i = 0; i < nodes; i++) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(ns + "-n" + i).endMetadata()
            .withNewStatus().withAllocatable(alloc).withCapacity(alloc).endStatus().build()).serverSideApply();
      }
      boolean backlog = args.length > 3 && args[3].equals("backlog");
      var leader = new java.util.concurrent.atomic.AtomicBoolean(!backlog);
      try (var informers = new keelson.controllers.runtime.SharedInformers(client);
          Scheduler scheduler = Scheduler.start(informers, Clock.systemUTC(), leader::get)) {
        long t0 = System.nanoTime();
        Semaphore window = new Semaphore(256);
        try (ExecutorService creators = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int i = 0; i < pods; i++) {
            Pod pod = new PodBuilder().withNewMetadata().withName("p" + i).withNamespace(ns).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("x").withNewResources()
                .addToRequests("cpu", new Quantity("10m")).endResources().endContainer().endSpec().build();
            window.acquire();
            creators.execute(() -> {
              try {
                client.pods().inNamespace(ns).resource(pod).create();
              } finally {
                window.release();
              }
            });
          }
        }
        long created = System.nanoTime();
        if (backlog) {
          // Measure the scheduler alone: every pod exists, then leadership arrives.
          t0 = System.nanoTime();
          leader.set(true);
        }
        while (true) {
          long bound = client.pods().inNamespace(ns).list().getItems().stream()
              .filter(p -> p.getSpec().getNodeName() != null).count();
          if (bound == pods) {
            break;
          }
          Thread.sleep(20);
        }
        long done = System.nanoTime();
        if (backlog) {
          System.out.printf("nodes=%d pods=%d backlog scheduled and bound: %.0f pods/s (%.2f s)%n",
              nodes, pods, pods / ((done - t0) / 1e9), (done - t0) / 1e9);
        } else {
          System.out.printf("nodes=%d pods=%d create: %.0f pods/s; create->bound: %.0f pods/s (%.2f s)%n",
              nodes, pods, pods / ((created - t0) / 1e9), pods / ((done - t0) / 1e9), (done - t0) / 1e9);
        }
        // A smoke check of the conditions and the event on a real server.
        Thread.sleep(500);
        System.out.println("p0 conditions: " + client.pods().inNamespace(ns).withName("p0").get().getStatus().getConditions());
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("stuck").withNamespace(ns)
            .endMetadata().withNewSpec().addToNodeSelector("none", "none").addNewContainer().withName("c")
            .withImage("x").endContainer().endSpec().build()).create();
        Thread.sleep(1500);
        System.out.println("stuck conditions: " + client.pods().inNamespace(ns).withName("stuck").get().getStatus().getConditions());
        client.v1().events().inNamespace(ns).list().getItems().forEach(e ->
            System.out.println("event: " + e.getType() + " " + e.getReason() + " " + e.getMessage() + " x" + e.getCount()));
      }
    }
  }
}
