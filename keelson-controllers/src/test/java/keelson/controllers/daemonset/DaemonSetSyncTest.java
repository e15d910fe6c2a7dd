package keelson.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import keelson.controllers.runtime.Expectations;
import org.junit.jupiter.api.Test;

class DaemonSetSyncTest {
  private static final String KEY = "default/agent";

  @Test
  void aCreationObservedWhileASyncReadsTheCacheIsNotRepeated() {
    Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    Expectations expectations = new Expectations(clock);
    InMemoryCluster cluster = new InMemoryCluster(new Random(1), () -> Fixtures.T0, expectations);
    cluster.putDaemonSet(Fixtures.daemonSet());
    cluster.putNode(Fixtures.node("n0"));
    cluster.deliverAll();
    CatchingUpCache cache = new CatchingUpCache(cluster);
    DaemonSetSync sync = new DaemonSetSync(cache, cluster, expectations, new FailedPodBackoff(), clock, false);

    sync.reconcile(KEY); // creates the node's pod; the informer has not seen it yet
    assertThat(cluster.pods).hasSize(1);

    // The next sync reads the pods just before the informer delivers that creation.
    cache.catchUpAfterNextPodRead = true;
    sync.reconcile(KEY);

    assertThat(cluster.pods).hasSize(1);
    assertThat(cluster.events).filteredOn(e -> e.contains("SuccessfulCreate")).hasSize(1);
  }

  /** The cluster's informer view, which catches up right after one read of the pods. */
  private static final class CatchingUpCache implements DaemonSetCache {
    private final InMemoryCluster cluster;
    boolean catchUpAfterNextPodRead;

    CatchingUpCache(InMemoryCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public Optional<DaemonSet> daemonSet(String namespace, String name) {
      return cluster.daemonSet(namespace, name);
    }

    @Override
    public List<Node> nodes() {
      return cluster.nodes();
    }

    @Override
    public List<Pod> pods(String namespace) {
      List<Pod> read = cluster.pods(namespace);
      if (catchUpAfterNextPodRead) {
        catchUpAfterNextPodRead = false;
        cluster.deliverAll();
      }
      return read;
    }

    @Override
    public List<ControllerRevision> revisions(String namespace) {
      return cluster.revisions(namespace);
    }
  }
}
