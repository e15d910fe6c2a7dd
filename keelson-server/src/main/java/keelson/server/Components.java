package keelson.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components behind the API — node simulator, scheduler, controllers — started once the API
 * serves. They are ordinary API clients of this server (a fabric8 client over loopback HTTP), and
 * they act only while this server leads (see {@link LeaderElection}).
 */
final class Components implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Components.class);

  /** What a component needs to start. */
  record Context(KubernetesClient client, Clock clock, BooleanSupplier isLeader, int nodes, Path dataDir,
      HostPort dnsListen) {}

  /** Starts one component. */
  @FunctionalInterface
  interface Starter {
    AutoCloseable start(Context context) throws Exception;
  }

  private final KubernetesClient client;
  private final LeaderElection leader;
  private final List<AutoCloseable> running = new ArrayList<>();

  private Components(KubernetesClient client, LeaderElection leader) {
    this.client = client;
    this.leader = leader;
  }

  /** Connects to the API at {@code url}, joins the leader election and starts the components. */
  static Components start(String url, String token, Clock clock, int nodes, Path dataDir, HostPort dnsListen,
      List<Starter> starters)
      throws Exception {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withOauthToken(token)
        .withNamespace("default")
        .withRequestTimeout(30_000)
        .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    LeaderElection leader = new LeaderElection(client, InetAddress.getLocalHost().getHostName());
    Components components = new Components(client, leader);
    Context context = new Context(client, clock, leader, nodes, dataDir, dnsListen);
    for (Starter starter : starters) {
      components.running.add(starter.start(context));
    }
    log.atInfo().addKeyValue("components", starters.size()).addKeyValue("identity", leader.identity())
        .log("components started; they act while this server leads");
    return components;
  }

  @Override
  public void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        log.atWarn().addKeyValue("error", e.toString()).log("error while stopping a component");
      }
    }
    leader.close();
    client.close();
  }
}
