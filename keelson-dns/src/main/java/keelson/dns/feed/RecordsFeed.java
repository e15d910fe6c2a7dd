package keelson.dns.feed;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import keelson.dns.records.DnsRecords;
import keelson.dns.records.PodsMode;
import keelson.dns.records.ZoneSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a current {@link DnsRecords} snapshot from informers on Services, EndpointSlices (with the
 * service-name label), Namespaces and, for {@code pods verified}, Pods. Every event schedules one
 * rebuild after {@code debounce}; events arriving meanwhile ride along. Until every informer has
 * synced, {@link #get()} is null (the server answers SERVFAIL in the zone).
 */
public final class RecordsFeed implements Supplier<DnsRecords>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecordsFeed.class);

  private final ZoneSettings settings;
  private final Clock clock;
  private final Duration debounce;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<EndpointSlice> slices;
  private final SharedIndexInformer<Namespace> namespaces;
  private final SharedIndexInformer<Pod> pods;
  private final ScheduledExecutorService builder;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean synced;
  private volatile long lastChange;
  private volatile DnsRecords current;

  public RecordsFeed(KubernetesClient client, ZoneSettings settings, Clock clock, Duration debounce) {
    this.settings = settings;
    this.clock = clock;
    this.debounce = debounce;
    this.services = client.services().inAnyNamespace().runnableInformer(0);
    this.slices = client.discovery().v1().endpointSlices().inAnyNamespace()
        .withLabel(DnsRecords.SERVICE_NAME_LABEL).runnableInformer(0);
    this.namespaces = client.namespaces().runnableInformer(0);
    this.pods = settings.podsMode() == PodsMode.VERIFIED ? client.pods().inAnyNamespace().runnableInformer(0) : null;
    this.builder = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
        .name("dns-records").unstarted(r));
    this.lastChange = clock.instant().getEpochSecond();
    services.addEventHandler(new Changes<>());
    slices.addEventHandler(new Changes<>());
    namespaces.addEventHandler(new Changes<>());
    if (pods != null) {
      pods.addEventHandler(new Changes<>());
    }
  }

  /** Starts the informers; returns at once. The first snapshot appears once all have synced. */
  public CompletableFuture<Void> start() {
    List<CompletableFuture<?>> started = new ArrayList<>();
    started.add(services.start().toCompletableFuture());
    started.add(slices.start().toCompletableFuture());
    started.add(namespaces.start().toCompletableFuture());
    if (pods != null) {
      started.add(pods.start().toCompletableFuture());
    }
    return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).thenRun(() -> {
      synced = true;
      lastChange = clock.instant().getEpochSecond();
      builder.execute(this::rebuild);
    });
  }

  /** The current snapshot; null until the informers synced. */
  @Override
  public DnsRecords get() {
    return current;
  }

  private void changed() {
    lastChange = clock.instant().getEpochSecond();
    if (synced && scheduled.compareAndSet(false, true)) {
      builder.schedule(this::rebuild, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void rebuild() {
    scheduled.set(false);
    try {
      long started = System.nanoTime();
      DnsRecords next = DnsRecords.from(settings, lastChange, services.getStore().list(), slices.getStore().list(),
          namespaces.getStore().list(), pods == null ? List.of() : pods.getStore().list());
      boolean first = current == null;
      current = next;
      if (first) {
        log.atInfo().addKeyValue("services", services.getStore().list().size())
            .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
            .log("cluster DNS synced with the API");
      }
    } catch (RuntimeException e) {
      log.atError().addKeyValue("error", e.toString()).log("cannot build the DNS snapshot; keeping the previous one");
    }
  }

  @Override
  public void close() {
    services.close();
    slices.close();
    namespaces.close();
    if (pods != null) {
      pods.close();
    }
    builder.shutdownNow();
  }

  private final class Changes<T> implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T obj) {
      changed();
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      if (oldObj != newObj) {
        changed();
      }
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      changed();
    }
  }
}
