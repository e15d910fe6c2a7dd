package keelson.controllers.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.LeadershipWatch;
import keelson.controllers.runtime.SharedInformers;
import keelson.controllers.runtime.WorkQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the storage controllers: informers over claims, volumes, classes and pods; a claim
 * queue (protection, default class, binding, provisioning) and a volume queue (protection, phase,
 * release, reclaim); a leadership watch that ensures class {@code standard} and re-examines
 * everything when this instance starts leading.
 */
public final class VolumeControllers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VolumeControllers.class);
  /** Pending claims are looked at again this often, repeating their waiting events, as upstream's resync. */
  static final Duration PENDING_RESYNC = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final SharedInformers informers;
  private final String volumesDir;
  private final BooleanSupplier isLeader;
  private final VolumeActions actions;
  private final EventRecorder events;
  private final WorkQueue claimQueue = new WorkQueue("pv-claims");
  private final WorkQueue volumeQueue = new WorkQueue("pv-volumes");
  private final List<ControllerLoop> loops = new ArrayList<>();
  /** Looks at pending claims again later (leadership has its own watch). */
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("volume-pending").daemon().factory());
  private SharedIndexInformer<PersistentVolumeClaim> claims;
  private SharedIndexInformer<PersistentVolume> volumes;
  private SharedIndexInformer<StorageClass> classes;
  private SharedIndexInformer<Pod> pods;
  private final List<SharedInformers.Registration> registrations = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> resyncScheduled = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile LeadershipWatch leadership;
  private volatile boolean classEnsured;

  private VolumeControllers(SharedInformers informers, Path volumesDir, Clock clock, BooleanSupplier isLeader) {
    this.client = informers.client();
    this.informers = informers;
    this.volumesDir = volumesDir.toAbsolutePath().normalize().toString();
    this.isLeader = isLeader;
    this.events = new EventRecorder(client, "persistentvolume-controller", clock);
    this.actions = new ClientVolumeActions(client, events);
  }

  /**
   * Starts the storage controllers, acting only while {@code isLeader} returns true. Volumes get
   * directories under {@code volumesDir}. Informers start in the background; returns at once.
   */
  public static VolumeControllers start(SharedInformers informers, Path volumesDir, Clock clock,
      BooleanSupplier isLeader) {
    VolumeControllers c = new VolumeControllers(informers, volumesDir, clock, isLeader);
    Thread.ofVirtual().name("volume-start").start(c::run);
    return c;
  }

  private void run() {
    try {
      // Every informer before any handler: the handlers read the other kinds' stores.
      claims = informers.informer(PersistentVolumeClaim.class);
      volumes = informers.informer(PersistentVolume.class);
      classes = informers.informer(StorageClass.class);
      pods = informers.informer(Pod.class);
      registrations.add(informers.handle(PersistentVolumeClaim.class, handler(this::claimChanged)));
      registrations.add(informers.handle(PersistentVolume.class, handler(this::volumeChanged)));
      registrations.add(informers.handle(StorageClass.class, handler(sc -> pendingClaims())));
      registrations.add(informers.handle(Pod.class, handler(this::podChanged)));
    } catch (RuntimeException e) {
      log.atError().addKeyValue("error", e.getMessage()).log("storage controllers cannot watch; not started");
      return;
    }
    loops.add(new ControllerLoop("pv-claims", claimQueue, this::reconcileClaim, 4));
    loops.add(new ControllerLoop("pv-volumes", volumeQueue, this::reconcileVolume, 4));
    loops.forEach(ControllerLoop::start);
    // Leadership counts once the caches are complete; a failure to create the class is retried
    // at the next check, before anything is queued.
    leadership = LeadershipWatch.start("volume", () -> isLeader.getAsBoolean() && claims.hasSynced()
        && volumes.hasSynced() && classes.hasSynced() && pods.hasSynced(), this::leadershipGained);
    if (ticker.isShutdown()) {
      leadership.close(); // closed while starting
    }
  }

  private void leadershipGained() {
    if (!classEnsured) {
      ensureStandardClass();
      classEnsured = true;
    }
    claims.getStore().list().forEach(c -> claimQueue.add(Keys.of(c)));
    volumes.getStore().list().forEach(v -> volumeQueue.add(Keys.of(v)));
  }

  /** Creates class {@code standard} unless a class of that name exists (an administrator's is kept). */
  private void ensureStandardClass() {
    if (client.storage().v1().storageClasses().withName(Volumes.STANDARD_CLASS).get() == null) {
      client.storage().v1().storageClasses().resource(Volumes.standardClass()).create();
      log.atInfo().log("created default storage class standard");
    }
  }

  private void reconcileClaim(String key) throws Exception {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    PersistentVolumeClaim claim = claims.getStore().getByKey(key);
    if (claim == null) {
      return;
    }
    Map<String, StorageClass> byName = classes.getStore().list().stream()
        .collect(Collectors.toMap(sc -> sc.getMetadata().getName(), sc -> sc, (a, b) -> a));
    List<Pod> inNamespace = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, claim.getMetadata().getNamespace());
    var observation = new VolumePlanner.ClaimObservation(claim, byName, volumes.getStore().list(), inNamespace,
        volumesDir);
    VolumeActions.execute(actions, VolumePlanner.planClaim(observation));
    if (claim.getMetadata().getDeletionTimestamp() == null
        && (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase()))) {
      // One timer per key, not one per reconcile: timers must not multiply.
      if (resyncScheduled.add(key)) {
        ticker.schedule(() -> {
          resyncScheduled.remove(key);
          claimQueue.add(key);
        }, PENDING_RESYNC.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void reconcileVolume(String key) throws Exception {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    PersistentVolume pv = volumes.getStore().getByKey(key);
    if (pv == null) {
      return;
    }
    PersistentVolumeClaim claim = null;
    var ref = pv.getSpec().getClaimRef();
    if (ref != null && ref.getName() != null) {
      claim = claims.getStore().getByKey(Keys.of(ref.getNamespace(), ref.getName()));
      if (claim == null || (ref.getUid() != null && !ref.getUid().equals(claim.getMetadata().getUid()))) {
        // Releasing leads to deleting data: confirm with the API server that the claim is gone.
        claim = actions.getClaim(ref.getNamespace(), ref.getName());
      }
    }
    VolumeActions.execute(actions, VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(pv, claim), volumesDir));
  }

  private void claimChanged(PersistentVolumeClaim claim) {
    claimQueue.add(Keys.of(claim));
    String volumeName = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
    if (volumeName != null && !volumeName.isEmpty()) {
      volumeQueue.add(volumeName);
    }
    // Volumes pre-bound to this claim by name (a deleted claim releases them).
    for (PersistentVolume pv : volumes.getStore().list()) {
      var ref = pv.getSpec().getClaimRef();
      if (ref != null && claim.getMetadata().getName().equals(ref.getName())
          && claim.getMetadata().getNamespace().equals(ref.getNamespace())) {
        volumeQueue.add(pv.getMetadata().getName());
      }
    }
  }

  private void volumeChanged(PersistentVolume pv) {
    volumeQueue.add(pv.getMetadata().getName());
    var ref = pv.getSpec().getClaimRef();
    if (ref != null && ref.getName() != null) {
      claimQueue.add(Keys.of(ref.getNamespace(), ref.getName()));
    } else {
      pendingClaims(); // an Available volume may serve a waiting claim
    }
  }

  private void podChanged(Pod pod) {
    for (String claimName : Volumes.claimNames(pod)) {
      claimQueue.add(Keys.of(pod.getMetadata().getNamespace(), claimName));
    }
  }

  private void pendingClaims() {
    if (claims == null) {
      return;
    }
    for (PersistentVolumeClaim c : claims.getStore().list()) {
      if (c.getStatus() == null || !"Bound".equals(c.getStatus().getPhase())) {
        claimQueue.add(Keys.of(c));
      }
    }
  }

  private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed.accept(obj);
      }
    };
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    LeadershipWatch watch = leadership;
    if (watch != null) {
      watch.close();
    }
    loops.forEach(ControllerLoop::close);
    claimQueue.close();
    volumeQueue.close();
    registrations.forEach(SharedInformers.Registration::close);
    events.close();
  }
}
