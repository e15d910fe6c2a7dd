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
  private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  private final AtomicBoolean leading = new AtomicBoolean();
  private final KubernetesClient client;
  private final String identity;
  private final Thread loop;
  private volatile boolean closed;
  private volatile CompletableFuture<?> running;

  LeaderElection(KubernetesClient client, String host) {
    this.client = client;
    this.identity = host + "_" + UUID.randomUUID();
    this.loop = Thread.ofVirtual().name("leader-election").start(this::campaign);
  }

  /**
   * Runs elections for as long as the server runs: losing the lease (a long pause missed the renew
   * deadline, storage was unreachable) puts this server back among the candidates instead of
   * leaving it idle for good.
   */
  private void campaign() {
    while (!closed) {
      try {
        running = newElector().start();
        running.join();
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        log.atWarn().addKeyValue("error", e.toString()).log("leader election attempt ended; retrying");
      }
      leading.set(false);
      try {
        Thread.sleep(RETRY_PERIOD);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private LeaderElector newElector() {
    return client.leaderElector()
        .withConfig(new LeaderElectionConfigBuilder()
            .withName("keelson")
            .withLeaseDuration(Duration.ofSeconds(15))
            .withRenewDeadline(Duration.ofSeconds(10))
            .withRetryPeriod(RETRY_PERIOD)
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
    closed = true;
    CompletableFuture<?> current = running;
    if (current != null) {
      current.cancel(true);
    }
    loop.interrupt();
    leading.set(false);
  }
}
