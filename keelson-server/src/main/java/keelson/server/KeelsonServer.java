package keelson.server;

import io.fabric8.kubernetes.client.http.HttpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import keelson.api.registry.BuiltinResources;
import keelson.api.schema.Schemas;
import keelson.apiserver.admission.DefaultStorageClass;
import keelson.apiserver.admission.NewNodeTaint;
import keelson.apiserver.admission.PodDefaults;
import keelson.apiserver.http.ApiServer;
import keelson.apiserver.namespaces.NamespaceLifecycle;
import keelson.apiserver.rest.Bootstrap;
import keelson.apiserver.rest.NameGenerator;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.services.ServiceAllocator;
import keelson.apiserver.services.SystemServices;
import keelson.apiserver.watch.CachedNamespaces;
import keelson.apiserver.watch.Compactor;
import keelson.apiserver.watch.WatchCache;
import keelson.controllers.daemonset.DaemonSetController;
import keelson.controllers.deployment.DeploymentController;
import keelson.controllers.endpoints.EndpointSliceController;
import keelson.controllers.endpoints.EndpointsController;
import keelson.controllers.gc.GarbageCollector;
import keelson.controllers.replicaset.ReplicaSetController;
import keelson.controllers.statefulset.StatefulSetController;
import keelson.controllers.volume.VolumeControllers;
import keelson.dns.DnsConfig;
import keelson.dns.DnsServer;
import keelson.nodes.Nodes;
import keelson.nodes.NodesConfig;
import keelson.nodes.dns.PodDnsSettings;
import keelson.scheduler.Scheduler;
import keelson.server.inprocess.InProcessHttpClientFactory;
import keelson.storage.RevisionedStore;
import keelson.storage.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Keelson: storage, watch cache and API server, started in order and stopped in reverse. */
public final class KeelsonServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeelsonServer.class);
  /** The system property that chooses how the components reach this server: in-process or http. */
  static final String TRANSPORT_PROPERTY = "keelson.components.transport";
  /** Recent changes kept for watches that resume from a resourceVersion. */
  private static final int WATCH_HISTORY = 20_000;
  /**
   * The components behind the API, in start order. The garbage collector is among them, which is
   * why the registry leaves Orphan and Foreground deletions to its finalizers.
   */
  private static final List<Components.Starter> STARTERS = List.of(
      c -> Nodes.start(c.informers(), nodesConfig(c), c.clock(), c.isLeader()),
      c -> Scheduler.start(c.informers(), c.clock(), c.isLeader()),
      c -> GarbageCollector.start(c.informers(), c.clock(), c.isLeader()),
      c -> VolumeControllers.start(c.informers(), c.dataDir().resolve("volumes"), c.clock(), c.isLeader()),
      c -> StatefulSetController.start(c.informers(), c.clock(), c.isLeader(), 4),
      c -> DaemonSetController.start(c.informers(), c.clock(), c.isLeader(), 4),
      c -> ReplicaSetController.start(c.informers(), c.clock(), c.isLeader(), 4),
      c -> DeploymentController.start(c.informers(), c.clock(), c.isLeader(), 4),
      c -> EndpointSliceController.start(c.informers(), c.clock(), c.isLeader(), 2),
      c -> EndpointsController.start(c.informers(), c.clock(), c.isLeader(), 2),
      // Read-only, so it serves whether or not this server leads; a busy port costs DNS, not the rest.
      c -> startDns(c));

  /** History kept in storage for resuming watches and paginated lists, as kube-apiserver keeps. */
  private static final Duration COMPACTION_INTERVAL = Duration.ofMinutes(5);

  private final RevisionedStore store;
  private final WatchCache cache;
  private final ApiServer api;
  private final NamespaceLifecycle namespaces;
  private final Compactor compactor;
  private final CompletableFuture<Components> components;
  private final String url;
  private final Path kubeconfig;
  private volatile boolean closed;

  /**
   * What one server needs to start.
   *
   * @param dataDir the data directory (absolute)
   * @param listen the API address
   * @param storage the storage spec: sqlite, memory or etcd://…
   * @param nodes the number of simulated nodes
   * @param dnsListen the DNS address
   * @param version Keelson's version
   * @param tls whether the API is served over TLS (HTTP/2 and HTTP/1.1) with the token required
   */
  public record Settings(Path dataDir, HostPort listen, String storage, int nodes, HostPort dnsListen,
      String version, boolean tls) {

    /** Settings for the plain-HTTP API. */
    public Settings(Path dataDir, HostPort listen, String storage, int nodes, HostPort dnsListen, String version) {
      this(dataDir, listen, storage, nodes, dnsListen, version, false);
    }
  }

  private KeelsonServer(RevisionedStore store, WatchCache cache, ApiServer api, NamespaceLifecycle namespaces,
      Compactor compactor, CompletableFuture<Components> components, String url, Path kubeconfig) {
    this.compactor = compactor;
    this.components = components;
    this.store = store;
    this.cache = cache;
    this.api = api;
    this.namespaces = namespaces;
    this.url = url;
    this.kubeconfig = kubeconfig;
  }

  /**
   * Starts everything; returns once the API answers and {@code /readyz} is ready. The HTTP server
   * starts while storage opens and the cache loads, since neither needs the other.
   */
  public static KeelsonServer start(Settings settings) throws Exception {
    long started = System.nanoTime();
    Clock clock = Clock.systemUTC();
    String token = Kubeconfig.adminToken(settings.dataDir());
    TlsCertificates certificates = settings.tls()
        ? TlsCertificates.ensure(settings.dataDir(), settings.listen().host(), clock)
        : null;
    String caPem = certificates == null ? null : certificates.caPem();
    ApiServer api = new ApiServer(settings.listen().host(), settings.listen().port(), clock,
        settings.version(), token, certificates == null ? null : certificates.serverIdentity());
    CompletableFuture<Void> listening = CompletableFuture.runAsync(() -> {
      try {
        api.start();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, runnable -> Thread.ofVirtual().name("http-start").start(runnable));
    RevisionedStore store = null;
    WatchCache cache = null;
    NamespaceLifecycle namespaces = null;
    Compactor compactor = null;
    try {
      store = openStorage(settings);
      cache = new WatchCache(store, BuiltinResources.ALL, WATCH_HISTORY);
      ServiceAllocator serviceAllocator = new ServiceAllocator(store);
      RegistryStore registry = new RegistryStore(store, clock, new NameGenerator(ThreadLocalRandom.current()),
          List.of(new DefaultStorageClass(cache), new PodDefaults(), new NewNodeTaint(), serviceAllocator), true);
      Bootstrap.ensureSystemNamespaces(registry);
      cache.start();
      registry.checkNamespacesIn(new CachedNamespaces(cache));
      registry.startUpdatesFrom(cache::latest);
      awaitListening(listening, settings.listen());
      SystemServices.ensure(registry, serviceAllocator, settings.listen().host(), api.address().getPort());
      WatchCache readyCache = cache;
      api.serve(registry, cache, () -> !readyCache.failed());
      namespaces = new NamespaceLifecycle(registry, cache, BuiltinResources.ALL);
      namespaces.start();
      compactor = new Compactor(store, COMPACTION_INTERVAL);
      compactor.start();
      // Reading the kinds' schemas takes a few hundred milliseconds: do it now, off the start path,
      // rather than in the first client's request.
      Thread.ofVirtual().name("schema-warm-up").start(() -> BuiltinResources.ALL.forEach(Schemas::of));
      String host = settings.listen().host();
      if (!settings.tls() && !java.net.InetAddress.getByName(host).isLoopbackAddress()) {
        log.atWarn().addKeyValue("listen", settings.listen())
            .log("the API is plain HTTP and admits requests without credentials: anyone who can reach "
                + "this address controls the cluster (--tls requires the token)");
      }
      if (host.equals("0.0.0.0") || host.equals("::")) {
        host = "127.0.0.1";
      }
      String url = (settings.tls() ? "https://" : "http://") + new HostPort(host, api.address().getPort());
      Path kubeconfig = Kubeconfig.write(settings.dataDir(), url, token, caPem);
      log.atInfo().addKeyValue("url", url).addKeyValue("storage", settings.storage())
          .addKeyValue("dataDir", settings.dataDir())
          .addKeyValue("startupMillis", (System.nanoTime() - started) / 1_000_000)
          .log("keelson started");
      // The components are API clients of this server: start them once it serves, off the start path.
      CompletableFuture<Components> components = CompletableFuture.supplyAsync(() -> {
        try {
          return Components.start(url, token, caPem, componentTransport(api), clock, settings.nodes(),
              settings.dataDir(), settings.dnsListen(), STARTERS);
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      }, runnable -> Thread.ofVirtual().name("components-start").start(runnable));
      components.whenComplete((ok, failure) -> {
        if (failure != null) {
          log.atError().addKeyValue("error", String.valueOf(failure.getCause())).log("components failed to start");
        }
      });
      return new KeelsonServer(store, cache, api, namespaces, compactor, components, url, kubeconfig);
    } catch (Exception | Error e) {
      closeQuietly(compactor);
      closeQuietly(namespaces);
      listening.handle((ok, failure) -> null).join();
      closeQuietly(api);
      closeQuietly(cache);
      closeQuietly(store);
      throw e;
    }
  }

  /**
   * How the components reach this server: in-process by default, the same handlers without
   * sockets or HTTP parsing; over loopback HTTP when the system property {@value
   * #TRANSPORT_PROPERTY} is {@code http} (to compare, or to watch their traffic on the wire).
   *
   * @return the fabric8 transport, or null for HTTP
   */
  static HttpClient.Factory componentTransport(ApiServer api) {
    String transport = System.getProperty(TRANSPORT_PROPERTY, "in-process");
    return switch (transport) {
      case "http" -> null;
      case "in-process" -> new InProcessHttpClientFactory(api::serveInProcess);
      default -> throw new IllegalArgumentException(TRANSPORT_PROPERTY + " must be in-process or http, not \""
          + transport + "\"");
    };
  }

  /**
   * The simulated kubelets: {@code --nodes} of them, writing each running pod's resolv.conf under
   * {@code <data-dir>/pods/<uid>.resolv.conf} with kube-dns as {@code --cluster-dns}, the DNS zone as
   * {@code --cluster-domain} and this host's {@code /etc/resolv.conf} as {@code --resolv-conf}.
   */
  private static NodesConfig nodesConfig(Components.Context c) {
    return NodesConfig.defaults(c.nodes()).withPodDns(new PodDnsSettings(c.dataDir().resolve("pods"),
        PodDnsSettings.KUBE_DNS_IP, DnsConfig.fromSystemProperties().zone(), Path.of("/etc/resolv.conf")));
  }

  /** Cluster DNS at {@code --dns-listen}; configured by the {@code keelson.dns.*} system properties. */
  private static AutoCloseable startDns(Components.Context c) {
    try {
      return DnsServer.start(c.informers(), new java.net.InetSocketAddress(c.dnsListen().host(), c.dnsListen().port()),
          DnsConfig.fromSystemProperties());
    } catch (IOException | RuntimeException e) {
      log.atError().addKeyValue("listen", c.dnsListen()).addKeyValue("error", e.toString())
          .log("cluster DNS is not serving: cannot listen");
      return () -> { };
    }
  }

  private static RevisionedStore openStorage(Settings settings) throws IOException {
    try {
      return Stores.open(settings.storage(), settings.dataDir());
    } catch (RuntimeException e) {
      throw new IOException("cannot open storage " + settings.storage() + ": " + e.getMessage(), e);
    }
  }

  /** Waits for the HTTP server to listen, turning a bind failure into a one-line message. */
  private static void awaitListening(CompletableFuture<Void> listening, HostPort listen) throws IOException {
    try {
      listening.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() instanceof CompletionException inner ? inner.getCause() : e.getCause();
      if (cause instanceof IOException io) {
        throw new IOException("cannot listen on " + listen + ": " + io.getMessage(), io);
      }
      throw e;
    }
  }

  /** Returns the API's base URL. */
  public String url() {
    return url;
  }

  /** Returns the path of the kubeconfig written for this server. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    components.handle((started, failure) -> started).thenAccept(KeelsonServer::closeQuietly).join();
    closeQuietly(compactor);
    closeQuietly(namespaces);
    // The cache first: it ends every open watch, so the HTTP server can stop without waiting on them.
    closeQuietly(cache);
    closeQuietly(api);
    closeQuietly(store);
    log.info("keelson stopped");
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.atWarn().addKeyValue("component", closeable.getClass().getSimpleName())
          .addKeyValue("error", e.toString()).log("error while stopping");
    }
  }
}
