package keelson.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import keelson.controllers.runtime.ClientSerialization;
import keelson.controllers.runtime.SharedInformers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components behind the API — node simulator, scheduler, controllers — started once the API
 * serves. They are ordinary API clients of this server that
 * share one informer per kind ({@link SharedInformers}), and they act only while this server leads
 * (see {@link LeaderElection}). Their fabric8 client reaches the server in-process (see {@link
 * keelson.server.inprocess}) or over loopback HTTP (HTTPS trusting the cluster CA in the TLS mode).
 */
final class Components implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Components.class);

  /**
   * What a component needs to start. Components watch through {@code informers}, one shared
   * informer per kind, never through informers or watches of their own.
   */
  record Context(KubernetesClient client, SharedInformers informers, Clock clock, BooleanSupplier isLeader,
      int nodes, Path dataDir, HostPort dnsListen) {}

  /** Starts one component. */
  @FunctionalInterface
  interface Starter {
    AutoCloseable start(Context context) throws Exception;
  }

  private final KubernetesClient client;
  private final SharedInformers informers;
  private final LeaderElection leader;
  private final List<AutoCloseable> running = new ArrayList<>();

  private Components(KubernetesClient client, SharedInformers informers, LeaderElection leader) {
    this.client = client;
    this.informers = informers;
    this.leader = leader;
  }

  /**
   * Connects to the API at {@code url}, joins the leader election and starts the components.
   *
   * @param caPem the CA to trust for an https URL (the TLS mode), null for http
   * @param transport the fabric8 transport (the in-process one), or null for HTTP to {@code url}
   */
  static Components start(String url, String token, String caPem, HttpClient.Factory transport, Clock clock,
      int nodes, Path dataDir, HostPort dnsListen, List<Starter> starters)
      throws Exception {
    ConfigBuilder builder = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withOauthToken(token);
    if (caPem != null) {
      builder.withCaCertData(java.util.Base64.getEncoder()
          .encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
    Config config = builder
        .withNamespace("default")
        .withRequestTimeout(30_000)
        .build();
    KubernetesClientBuilder clientBuilder = new KubernetesClientBuilder().withConfig(config)
        .withKubernetesSerialization(ClientSerialization.create());
    if (transport != null) {
      clientBuilder.withHttpClientFactory(transport);
    }
    KubernetesClient client = clientBuilder.build();
    LeaderElection leader = new LeaderElection(client, InetAddress.getLocalHost().getHostName());
    SharedInformers informers = new SharedInformers(client);
    Components components = new Components(client, informers, leader);
    Context context = new Context(client, informers, clock, leader, nodes, dataDir, dnsListen);
    for (Starter starter : starters) {
      components.running.add(starter.start(context));
    }
    log.atInfo().addKeyValue("components", starters.size()).addKeyValue("identity", leader.identity())
        .addKeyValue("transport", transport == null ? "http" : "in-process")
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
    // After the components: they remove their handlers first, so none sees events while stopping.
    informers.close();
    leader.close();
    client.close();
  }
}
