package keelson.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.api.validation.FieldError;
import keelson.api.validation.GoValues;
import keelson.apiserver.rest.Admission;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.RegistryStore;
import keelson.storage.ConflictException;
import keelson.storage.KeyExistsException;
import keelson.storage.KeyValue;
import keelson.storage.RangeResult;
import keelson.storage.RevisionedStore;
import keelson.storage.Watch;
import keelson.storage.WatchEvent;
import keelson.storage.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocates ClusterIPs and node ports to Services, as kube-apiserver's service registry does.
 *
 * <p>Every value handed out is claimed by a storage key of its own ({@code
 * /registry/keelson/serviceips/<ip>}, {@code /registry/keelson/servicenodeports/<port>}), created
 * with create-if-absent: two requests, two restarts or two servers sharing storage cannot take the
 * same value. A claim names the Service (namespace, name, uid).
 *
 * <p>Admission sees creates and updates but not deletes, so claims are released by a storage
 * watch on Services (a deleted Service frees its values, an updated one the values it dropped),
 * and a repair pass (at start and every minute) frees claims whose Service no longer uses them —
 * those a failed or dry-run request left behind — and claims values of Services stored before
 * their claim existed. A claim younger than {@link #GRACE} is never taken as stale: its Service may
 * be on its way into storage.
 */
public final class ServiceAllocator implements Admission, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceAllocator.class);
  /** The default service CIDR of kubeadm and kind. */
  public static final String DEFAULT_CIDR = "10.96.0.0/12";
  static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration REPAIR_INTERVAL = Duration.ofMinutes(1);
  private static final int RANDOM_TRIES = 32;

  private final RevisionedStore store;
  private final Clock clock;
  private final Random random;
  private final Pool.ClusterIPs ips;
  private final Pool.NodePorts nodePorts;
  private final ExecutorService releases = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("service-allocator-release").factory());
  private volatile Watch watch;
  private volatile boolean started;
  private volatile boolean closed;

  /** Creates an allocator over {@link #DEFAULT_CIDR} and node ports 30000–32767. */
  public ServiceAllocator(RevisionedStore store) {
    this(store, DEFAULT_CIDR, 30000, 32767, Clock.systemUTC(), ThreadLocalRandom.current());
  }

  /** Creates an allocator over a service CIDR and a node port range (inclusive). */
  public ServiceAllocator(RevisionedStore store, String serviceCidr, int firstNodePort, int lastNodePort,
      Clock clock, Random random) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.ips = new Pool.ClusterIPs(ServiceCidr.parse(serviceCidr));
    this.nodePorts = new Pool.NodePorts(firstNodePort, lastNodePort);
  }

  /** Returns the service range. */
  public ServiceCidr cidr() {
    return ips.cidr();
  }

  /**
   * Starts releasing claims: claims the values of stored Services that have none, frees stale
   * claims, then follows Service deletes and updates, and repairs every minute. Idempotent; it
   * stops with {@link #close} or when the store closes.
   */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    long from = store.currentRevision();
    repair();
    follow(from);
    Thread.ofVirtual().name("service-allocator-repair").start(() -> {
      while (!closed) {
        try {
          Thread.sleep(REPAIR_INTERVAL);
          repair();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          if (!closed) {
            log.atWarn().addKeyValue("error", e.toString()).log("service allocation repair failed");
          }
        }
      }
    });
  }

  // ---- admission ----

  @Override
  public void admitCreate(ResourceType type, ObjectNode obj, RegistryStore registry) {
    admitCreate(type, obj, registry, false);
  }

  @Override
  public void admitUpdate(ResourceType type, ObjectNode obj, ObjectNode old, RegistryStore registry) {
    admitUpdate(type, obj, old, registry, false);
  }

  /** A dry run gets values that are free now, as kube-apiserver's dry-run allocator picks them, and claims none. */
  @Override
  public void admitCreate(ResourceType type, ObjectNode obj, RegistryStore registry, boolean dryRun) {
    if (type != BuiltinResources.SERVICES) {
      return;
    }
    admit(obj, Json.metadata(obj), null, dryRun);
  }

  @Override
  public boolean claimsOnUpdate(ResourceType type) {
    return type == BuiltinResources.SERVICES;
  }

  @Override
  public void admitUpdate(ResourceType type, ObjectNode obj, ObjectNode old, RegistryStore registry, boolean dryRun) {
    if (type != BuiltinResources.SERVICES) {
      return;
    }
    admit(obj, Json.metadata(obj), old.path("spec"), dryRun);
  }

  /**
   * Allocates what a Service needs. Values it already had ({@code oldSpec}) are kept and their
   * claims made sure of; new requested values must be free; missing ones are picked at random. On
   * failure every claim this request made is given back.
   */
  private void admit(ObjectNode svc, ObjectNode meta, JsonNode oldSpec, boolean dryRun) {
    Owner owner = new Owner(Json.text(meta, "namespace"), Json.text(meta, "name"), Json.text(meta, "uid"));
    ObjectNode spec = Json.child(svc, "spec");
    String type = spec.path("type").asText("ClusterIP");
    Attempt taken = new Attempt(dryRun, new ArrayList<>());
    try {
      if (!type.equals("ExternalName") && !isHeadless(spec)) {
        clusterIP(spec, oldSpec, owner, taken);
      }
      if (type.equals("NodePort") || type.equals("LoadBalancer")) {
        boolean allocate = type.equals("NodePort") || spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
        nodePorts(spec, oldSpec, owner, allocate, taken);
      }
    } catch (RuntimeException e) {
      if (!dryRun) {
        for (String key : taken.keys()) {
          releaseKey(key, owner.uid());
        }
      }
      throw e;
    }
  }

  private void clusterIP(ObjectNode spec, JsonNode oldSpec, Owner owner, Attempt taken) {
    String ip = spec.path("clusterIP").asText("");
    List<String> had = oldSpec == null ? List.of() : ips.used(oldSpec);
    if (ip.isEmpty()) {
      String chosen = allocate(ips, owner, taken, "serviceIP");
      spec.put("clusterIP", chosen);
      spec.putArray("clusterIPs").add(chosen);
      return;
    }
    if (!spec.has("clusterIPs") || spec.path("clusterIPs").isEmpty()) {
      spec.putArray("clusterIPs").add(ip);
    }
    if (had.contains(ip)) {
      if (!taken.dryRun()) {
        ensureClaimed(ips, ip, owner);
      }
      return;
    }
    String failure = ips.contains(ip) ? claim(ips, ip, owner, taken) : "provided IP " + ip + " is not in the valid range";
    if (failure != null) {
      throw ApiException.invalid(BuiltinResources.SERVICES, owner.name(), List.of(new FieldError(
          FieldError.Type.INVALID, "spec.clusterIPs", GoValues.stringSlice(spec.get("clusterIPs")),
          "failed to allocate IP " + ip + ": " + failure)));
    }
  }

  private void nodePorts(ObjectNode spec, JsonNode oldSpec, Owner owner, boolean allocate, Attempt taken) {
    List<String> had = oldSpec == null ? List.of() : nodePorts.used(oldSpec);
    Set<String> mine = new HashSet<>();
    if (!(spec.get("ports") instanceof ArrayNode ports)) {
      return;
    }
    for (int i = 0; i < ports.size(); i++) {
      ObjectNode port = (ObjectNode) ports.get(i);
      long requested = port.path("nodePort").asLong(0);
      if (requested == 0) {
        if (allocate) {
          String chosen = allocate(nodePorts, owner, taken, "nodePort");
          mine.add(chosen);
          port.put("nodePort", Integer.parseInt(chosen));
        }
        continue;
      }
      String value = Long.toString(requested);
      if (!mine.add(value)) {
        continue; // the same node port for another protocol of this Service
      }
      if (had.contains(value)) {
        if (!taken.dryRun()) {
          ensureClaimed(nodePorts, value, owner);
        }
        continue;
      }
      String failure = nodePorts.contains(value) ? claim(nodePorts, value, owner, taken)
          : "provided port is not in the valid range. The range of valid ports is " + nodePorts.range();
      if (failure != null) {
        throw ApiException.invalid(BuiltinResources.SERVICES, owner.name(), List.of(new FieldError(
            FieldError.Type.INVALID, "spec.ports[" + i + "].nodePort", value, failure)));
      }
    }
  }

  private static boolean isHeadless(JsonNode spec) {
    return "None".equals(spec.path("clusterIP").asText())
        || spec.path("clusterIPs").size() == 1 && "None".equals(spec.path("clusterIPs").get(0).asText());
  }

  // ---- claims ----

  /**
   * Claims a requested value.
   *
   * @return null when claimed, otherwise why not ("provided IP is already allocated")
   */
  private String claim(Pool pool, String value, Owner owner, Attempt taken) {
    String key = pool.key(value);
    String refusal = pool == ips ? "provided IP is already allocated" : "provided port is already allocated";
    if (taken.dryRun()) {
      Optional<KeyValue> existing = store.get(key);
      if (existing.isEmpty()) {
        taken.keys().add(key);
        return null;
      }
      Optional<Claim> holder = Claim.parse(existing.get());
      boolean ours = holder.isPresent() && owner.uid().equals(holder.get().uid());
      // A real request would take a stale claim over.
      return ours || stale(pool, value, existing.get(), holder) ? null : refusal;
    }
    for (int attempt = 0; attempt < 4; attempt++) {
      try {
        store.create(key, owner.claim(clock.millis()));
        taken.keys().add(key);
        return null;
      } catch (KeyExistsException e) {
        Optional<KeyValue> existing = store.get(key);
        if (existing.isEmpty()) {
          continue; // released meanwhile
        }
        Optional<Claim> holder = Claim.parse(existing.get());
        if (holder.isPresent() && owner.uid().equals(holder.get().uid())) {
          return null; // ours already (a retried update)
        }
        if (!stale(pool, value, existing.get(), holder)) {
          break;
        }
        try {
          store.delete(key, existing.get().modRevision());
        } catch (ConflictException lost) {
          // someone else moved first; look again
        }
      }
    }
    return refusal;
  }

  /** Picks a free value at random, upper band first, and claims it. */
  private String allocate(Pool pool, Owner owner, Attempt taken, String what) {
    long band = Math.min(pool.staticBand(), pool.size());
    long upper = pool.size() - band;
    for (int i = 0; i < RANDOM_TRIES && upper > 0; i++) {
      String value = pool.valueAt(band + Math.floorMod(random.nextLong(), upper));
      if (tryCreate(pool, value, owner, taken)) {
        return value;
      }
    }
    Set<String> used = claimedValues(pool);
    for (long[] range : new long[][] {{band, pool.size()}, {0, band}}) {
      long length = range[1] - range[0];
      if (length <= 0) {
        continue;
      }
      long start = Math.floorMod(random.nextLong(), length);
      for (long i = 0; i < length; i++) {
        String value = pool.valueAt(range[0] + (start + i) % length);
        if (!used.contains(value) && tryCreate(pool, value, owner, taken)) {
          return value;
        }
      }
    }
    throw ApiException.internal("Internal error occurred: failed to allocate a " + what + ": range is full");
  }

  private boolean tryCreate(Pool pool, String value, Owner owner, Attempt taken) {
    String key = pool.key(value);
    if (taken.dryRun()) {
      return !taken.keys().contains(key) && store.get(key).isEmpty() && taken.keys().add(key);
    }
    try {
      store.create(key, owner.claim(clock.millis()));
      taken.keys().add(key);
      return true;
    } catch (KeyExistsException e) {
      return false;
    }
  }

  /** Makes sure a value a Service already holds is claimed; never fails the request. */
  private void ensureClaimed(Pool pool, String value, Owner owner) {
    try {
      store.create(pool.key(value), owner.claim(clock.millis()));
    } catch (KeyExistsException e) {
      // claimed already, normally by this Service
    }
  }

  private Set<String> claimedValues(Pool pool) {
    Set<String> values = new HashSet<>();
    String after = null;
    while (true) {
      RangeResult page = store.range(pool.prefix(), after, 1000, 0);
      for (KeyValue kv : page.items()) {
        values.add(pool.valueOf(kv.key()));
        after = kv.key();
      }
      if (!page.more()) {
        return values;
      }
    }
  }

  /**
   * Returns whether a claim can be taken over: it is older than the grace period and its Service
   * is gone, was replaced (another uid) or no longer uses the value.
   */
  private boolean stale(Pool pool, String value, KeyValue claimKv, Optional<Claim> holder) {
    if (holder.isEmpty()) {
      return true;
    }
    Claim claim = holder.get();
    if (clock.millis() - claim.claimedAt() < GRACE.toMillis()) {
      return false;
    }
    Optional<KeyValue> svc = store.get(BuiltinResources.SERVICES.storageKey(claim.namespace(), claim.name()));
    if (svc.isEmpty()) {
      return true;
    }
    try {
      JsonNode service = Json.parse(svc.get().value());
      return !claim.uid().equals(service.path("metadata").path("uid").asText())
          || !pool.used(service.path("spec")).contains(value);
    } catch (IOException e) {
      return false;
    }
  }

  private void releaseKey(String key, String uid) {
    Optional<KeyValue> existing = store.get(key);
    if (existing.isEmpty()) {
      return;
    }
    Optional<Claim> claim = Claim.parse(existing.get());
    if (claim.isPresent() && !claim.get().uid().equals(uid)) {
      return;
    }
    try {
      store.delete(key, existing.get().modRevision());
    } catch (ConflictException e) {
      // changed meanwhile: no longer this Service's to free
    }
  }

  // ---- release and repair ----

  private void follow(long fromRevision) {
    watch = store.watch(BuiltinResources.SERVICES.storagePrefix(null), fromRevision, new WatchListener() {
      @Override
      public void onEvents(List<WatchEvent> events) {
        List<WatchEvent> copy = List.copyOf(events);
        releases.execute(() -> copy.forEach(ServiceAllocator.this::released));
      }

      @Override
      public void onClose(Throwable cause) {
        if (cause == null) {
          close(); // the store closed
          return;
        }
        if (!closed) {
          log.atWarn().addKeyValue("error", cause.toString()).log("service watch broke; following again");
          releases.execute(() -> {
            long from = store.currentRevision();
            repair();
            follow(from);
          });
        }
      }
    });
  }

  /** Frees the values a deleted Service held, or those an update dropped. */
  private void released(WatchEvent event) {
    try {
      JsonNode before = event.type() == WatchEvent.Type.DELETE ? Json.parse(event.kv().value())
          : event.prevKv() == null ? null : Json.parse(event.prevKv().value());
      if (before == null) {
        return;
      }
      JsonNode after = event.type() == WatchEvent.Type.DELETE ? null : Json.parse(event.kv().value());
      String uid = before.path("metadata").path("uid").asText();
      for (Pool pool : List.<Pool>of(ips, nodePorts)) {
        List<String> still = after == null ? List.of() : pool.used(after.path("spec"));
        for (String value : pool.used(before.path("spec"))) {
          if (!still.contains(value)) {
            releaseKey(pool.key(value), uid);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        log.atWarn().addKeyValue("key", event.kv().key()).addKeyValue("error", e.toString())
            .log("cannot release a Service's allocations");
      }
    }
  }

  /**
   * Claims the values of stored Services that have no claim (data from before claims existed) and
   * frees claims no Service uses any longer.
   */
  void repair() {
    Set<String> inUse = new HashSet<>();
    String after = null;
    String prefix = BuiltinResources.SERVICES.storagePrefix(null);
    while (true) {
      RangeResult page = store.range(prefix, after, 500, 0);
      for (KeyValue kv : page.items()) {
        after = kv.key();
        try {
          JsonNode svc = Json.parse(kv.value());
          JsonNode meta = svc.path("metadata");
          Owner owner = new Owner(meta.path("namespace").asText(), meta.path("name").asText(), meta.path("uid").asText());
          for (Pool pool : List.<Pool>of(ips, nodePorts)) {
            for (String value : pool.used(svc.path("spec"))) {
              inUse.add(pool.key(value));
              ensureClaimed(pool, value, owner);
            }
          }
        } catch (IOException e) {
          // not ours to judge
        }
      }
      if (!page.more()) {
        break;
      }
    }
    for (Pool pool : List.<Pool>of(ips, nodePorts)) {
      String from = null;
      while (true) {
        RangeResult page = store.range(pool.prefix(), from, 500, 0);
        for (KeyValue kv : page.items()) {
          from = kv.key();
          if (!inUse.contains(kv.key()) && stale(pool, pool.valueOf(kv.key()), kv, Claim.parse(kv))) {
            try {
              store.delete(kv.key(), kv.modRevision());
            } catch (ConflictException e) {
              // claimed again meanwhile
            }
          }
        }
        if (!page.more()) {
          break;
        }
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Watch current = watch;
    if (current != null) {
      try {
        current.close();
      } catch (RuntimeException e) {
        // the store may be closed already
      }
    }
    releases.shutdownNow();
  }

  /** The Service a claim is made for. */
  record Owner(String namespace, String name, String uid) {
    byte[] claim(long now) {
      ObjectNode value = Json.object().put("namespace", namespace).put("name", name).put("uid", uid)
          .put("claimedAt", now);
      return Json.bytes(value);
    }
  }

  /** A stored claim. */
  record Claim(String namespace, String name, String uid, long claimedAt) {
    static Optional<Claim> parse(KeyValue kv) {
      try {
        JsonNode value = Json.parse(kv.value());
        return Optional.of(new Claim(value.path("namespace").asText(), value.path("name").asText(),
            value.path("uid").asText(), value.path("claimedAt").asLong(0)));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * The claims one request made so far, and whether it is a dry run (which only looks: it writes
   * no claim, so it has nothing to give back).
   */
  private record Attempt(boolean dryRun, List<String> keys) {}
}
