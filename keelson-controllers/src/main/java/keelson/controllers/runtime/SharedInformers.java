package keelson.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fabric8 informer per kind, cluster-wide, shared by every component of this process (as
 * client-go's {@code SharedInformerFactory}): each object is decoded and cached once, however many
 * components watch its kind.
 *
 * <p>An informer is created and started on the first request for its kind. A handler registered
 * later is first handed every cached object as {@code onAdd}, on the registering thread, before any
 * further event (fabric8's {@code addEventHandler} replays the cache under the informer's listener
 * lock), so late registration loses nothing.
 *
 * <p>Two rules follow from sharing. Objects from these caches and handlers are everyone's: never
 * mutate one (copy it with its builder first). And all handlers of a kind run one after another on
 * that informer's single delivery thread: a handler must only note what changed (queue a key,
 * update a small index) and leave the work to its component's own threads.
 *
 * <p>Cached objects come without {@code metadata.managedFields} ({@link ManagedFieldsTrimmingStore}).
 */
public final class SharedInformers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedInformers.class);
  /**
   * How often an informer checks whether a handler is due for a resync. fabric8 fixes this when the
   * informer starts and never resyncs at all when it is 0, so it must be set up front; handlers
   * that asked for no resync ({@link Duration#ZERO}) get none whatever it is.
   */
  static final Duration RESYNC_CHECK = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Duration resyncCheck;
  private final Map<Class<?>, SharedIndexInformer<?>> informers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public SharedInformers(KubernetesClient client) {
    this(client, RESYNC_CHECK);
  }

  SharedInformers(KubernetesClient client, Duration resyncCheck) {
    this.client = client;
    this.resyncCheck = resyncCheck;
  }

  /** The client the informers read through; components write through it too. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * Returns the informer of a kind, created and started on the first call. Read its store and
   * indexer; do not close it (the registry does) and do not mutate what it returns.
   */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
    if (closed) {
      throw new IllegalStateException("shared informers are closed");
    }
    return (SharedIndexInformer<T>) informers.computeIfAbsent(type, t -> startInformer(type));
  }

  private <T extends HasMetadata> SharedIndexInformer<T> startInformer(Class<T> type) {
    long resync = resyncCheck.toMillis();
    SharedIndexInformer<T> informer = Namespaced.class.isAssignableFrom(type)
        ? client.resources(type).inAnyNamespace().runnableInformer(resync)
        : client.resources(type).runnableInformer(resync);
    informer.itemStore(new ManagedFieldsTrimmingStore<>());
    informer.start().whenComplete((ignored, failure) -> {
      if (failure != null && !closed) {
        log.atError().addKeyValue("kind", type.getSimpleName()).addKeyValue("error", String.valueOf(failure))
            .log("shared informer failed to start");
      }
    });
    return informer;
  }

  /**
   * Registers a handler without resync on a kind's informer. Cached objects are replayed to it as
   * additions before this returns. Close the registration to remove the handler.
   */
  public <T extends HasMetadata> Registration handle(Class<T> type, ResourceEventHandler<? super T> handler) {
    return handle(type, handler, Duration.ZERO);
  }

  /**
   * Registers a handler that also gets every cached object as an update (old == new) about every
   * {@code resync} (at least {@link #RESYNC_CHECK} apart); {@link Duration#ZERO} for none.
   */
  public <T extends HasMetadata> Registration handle(Class<T> type, ResourceEventHandler<? super T> handler,
      Duration resync) {
    SharedIndexInformer<T> informer = informer(type);
    informer.addEventHandlerWithResyncPeriod(handler, resync.toMillis());
    return () -> informer.removeEventHandler(handler);
  }

  /**
   * Adds an index to a kind's informer unless one of that name exists. Index names are per kind and
   * shared: two components asking for {@code name} must mean the same function.
   */
  public <T extends HasMetadata> void index(Class<T> type, String name, Function<T, List<String>> function) {
    SharedIndexInformer<T> informer = informer(type);
    synchronized (informer) {
      if (!informer.getIndexer().getIndexers().containsKey(name)) {
        informer.addIndexers(Map.of(name, function));
      }
    }
  }

  /**
   * Waits until the informers of these kinds have listed their objects once.
   *
   * @throws TimeoutException if one has not within {@code timeout}
   * @throws ExecutionException if one failed to start
   */
  @SafeVarargs
  public final void awaitSynced(Duration timeout, Class<? extends HasMetadata>... types)
      throws InterruptedException, ExecutionException, TimeoutException {
    synced(types).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Completes once the informers of these kinds have listed their objects once. */
  @SafeVarargs
  public final CompletableFuture<Void> synced(Class<? extends HasMetadata>... types) {
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (Class<? extends HasMetadata> type : types) {
      started.add(informer(type).start().toCompletableFuture());
    }
    return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
  }

  /** Stops every informer; after this no handler is called again. */
  @Override
  public void close() {
    closed = true;
    informers.values().forEach(SharedIndexInformer::close);
    informers.clear();
  }

  /** A registered handler; closing it removes the handler from its informer. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
