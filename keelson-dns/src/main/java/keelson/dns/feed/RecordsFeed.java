package keelson.dns.feed;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import keelson.controllers.runtime.SharedInformers;
import keelson.dns.records.DnsRecords;
import keelson.dns.records.PodsMode;
import keelson.dns.records.ZoneSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a current {@link DnsRecords} snapshot from the process's shared informers on Services,
 * EndpointSlices (those with the service-name label count), Namespaces and, for
 * {@code pods verified}, Pods. Every event schedules one
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
  private final SharedInformers informers;
  private final List<SharedInformers.Registration> registrations = new ArrayList<>();
  private final ScheduledExecutorService builder;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean synced;
  private volatile long lastChange;
  private volatile DnsRecords current;

  public RecordsFeed(SharedInformers informers, ZoneSettings settings, Clock clock, Duration debounce) {
    this.settings = settings;
    this.clock = clock;
    this.debounce = debounce;
    this.informers = informers;
    this.services = informers.informer(Service.class);
    // All slices, not only those with the service-name label: the EndpointSlice controller in this
    // process watches them all anyway, so a filtered watch of our own would decode each slice twice.
    // Slices without the label are skipped here and in DnsRecords.from.
    this.slices = informers.informer(EndpointSlice.class);
    this.namespaces = informers.informer(Namespace.class);
    this.pods = settings.podsMode() == PodsMode.VERIFIED ? informers.informer(Pod.class) : null;
    this.builder = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
        .name("dns-records").unstarted(r));
    this.lastChange = clock.instant().getEpochSecond();
  }

  /** Registers the handlers; returns at once. The first snapshot appears once all informers have synced. */
  public CompletableFuture<Void> start() {
    registrations.add(informers.handle(Service.class, new Changes<>()));
    registrations.add(informers.handle(EndpointSlice.class, new Changes<>() {
      @Override
      boolean concerns(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        return labels != null && labels.containsKey(DnsRecords.SERVICE_NAME_LABEL);
      }
    }));
    registrations.add(informers.handle(Namespace.class, new Changes<>()));
    CompletableFuture<Void> listed = informers.synced(Service.class, EndpointSlice.class, Namespace.class);
    if (pods != null) {
      registrations.add(informers.handle(Pod.class, new Changes<>()));
      listed = CompletableFuture.allOf(listed, informers.synced(Pod.class));
    }
    return listed.thenRun(() -> {
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
    registrations.forEach(SharedInformers.Registration::close);
    builder.shutdownNow();
  }

  /** Schedules a rebuild on every change of an object that {@link #concerns} the records. */
  private class Changes<T> implements ResourceEventHandler<T> {
    boolean concerns(T obj) {
      return true;
    }

    @Override
    public void onAdd(T obj) {
      if (concerns(obj)) {
        changed();
      }
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      if (oldObj != newObj && (concerns(oldObj) || concerns(newObj))) {
        changed();
      }
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      if (concerns(obj)) {
        changed();
      }
    }
  }
}
