package keelson.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election over a coordination.k8s.io Lease, as kube-controller-manager does it (lease
 * duration 15 s, renew deadline 10 s, retry period 2 s): every server runs the components, but
 * they act only while this server holds the lease, so the cluster acts exactly once.
 */
final class LeaderElection implements BooleanSupplier, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);
  static final String NAMESPACE = "kube-system";
  static final String LEASE = "keelson-controller-manager";

  private final AtomicBoolean leading = new AtomicBoolean();
  private final String identity;
  private final CompletableFuture<?> running;

  LeaderElection(KubernetesClient client, String host) {
    this.identity = host + "_" + UUID.randomUUID();
    LeaderElector elector = client.leaderElector()
        .withConfig(new LeaderElectionConfigBuilder()
            .withName("keelson")
            .withLeaseDuration(Duration.ofSeconds(15))
            .withRenewDeadline(Duration.ofSeconds(10))
            .withRetryPeriod(Duration.ofSeconds(2))
            .withLock(new LeaseLock(NAMESPACE, LEASE, identity))
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(new LeaderCallbacks(
                () -> {
                  leading.set(true);
                  log.atInfo().addKeyValue("identity", identity).log("became leader: components act");
                },
                () -> {
                  leading.set(false);
                  log.atInfo().addKeyValue("identity", identity).log("stopped leading: components pause");
                },
                newLeader -> log.atDebug().addKeyValue("leader", newLeader).log("leader observed")))
            .build())
        .build();
    this.running = elector.start();
  }

  /** Returns whether this server holds the lease now. */
  @Override
  public boolean getAsBoolean() {
    return leading.get();
  }

  /** Returns this server's identity in the lease. */
  String identity() {
    return identity;
  }

  @Override
  public void close() {
    running.cancel(true);
    leading.set(false);
  }
}
