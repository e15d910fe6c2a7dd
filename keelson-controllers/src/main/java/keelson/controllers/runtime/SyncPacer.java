package keelson.controllers.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Spaces out the event-triggered syncs of one key so that a burst of events becomes one sync, not
 * one sync per event. A controller whose sync walks every pod of a large object (a StatefulSet of
 * 1,000 replicas) otherwise re-reads and re-plans all of them for each of the thousands of pod
 * events of a rollout.
 *
 * <p>After a sync, the caller names a pause (for instance in proportion to what the sync walked);
 * the key is not handed to the queue again before the pause has passed since the sync ended:
 * events in the pause, and events during the sync itself, are folded into one sync at its end. Keys
 * without a recent sync are queued at once. Syncs stay level-triggered, so which sync sees an event
 * changes only when it is acted on, by at most one pause.
 *
 * <p>Callers bracket each sync with {@link #started} and {@link #finished}; the work queue already
 * guarantees that one key is never synced by two workers at once.
 */
public final class SyncPacer {
  /**
   * The pause per object a sync walked (pods of a StatefulSet; nodes and pods of a DaemonSet): a set
   * of 1,000 is synced at most every 20 ms while its pods change, a set of 10 every 0.2 ms. Counted in
   * objects, not measured time, so that a busy machine does not lengthen the pauses, and a sync's
   * fixed costs do not slow small OrderedReady sets, whose every step waits for a sync.
   */
  static final Duration PAUSE_PER_OBJECT = Duration.ofNanos(20_000);
  /** The longest pause (a DaemonSet on 5,000 nodes with its 5,000 pods). */
  static final Duration MAX_PAUSE = Duration.ofMillis(200);

  private final LongSupplier nanoTime;
  private final Consumer<String> add;
  private final BiConsumer<String, Duration> addAfter;
  private final Map<String, State> states = new HashMap<>();

  /** Where a key stands between syncs. */
  private static final class State {
    /** When the next sync may start ({@link System#nanoTime} scale). */
    long notBefore;
    /** A sync is under way. */
    boolean running;
    /** An event came during the running sync, which may have read the caches before it. */
    boolean dirty;
    /** A delayed add is on its way to the queue. */
    boolean scheduled;
  }

  /**
   * @param nanoTime the clock ({@code System::nanoTime} outside tests)
   * @param add queues a key now
   * @param addAfter queues a key after a delay
   */
  public SyncPacer(LongSupplier nanoTime, Consumer<String> add, BiConsumer<String, Duration> addAfter) {
    this.nanoTime = nanoTime;
    this.add = add;
    this.addAfter = addAfter;
  }

  /** One sync of a key, which reports how many objects it walked. */
  @FunctionalInterface
  public interface Sync {
    void run(IntConsumer walked) throws Exception;
  }

  /**
   * Runs one sync of a key between {@link #started} and {@link #finished}, pausing the key after it
   * in proportion to what it walked.
   */
  public void sync(String key, Sync sync) throws Exception {
    int[] walked = {0};
    started(key);
    try {
      sync.run(objects -> walked[0] = objects);
    } finally {
      finished(key, pauseAfterWalking(walked[0]));
    }
  }

  /** Returns the pause after a sync that walked {@code objects} objects. */
  public static Duration pauseAfterWalking(int objects) {
    Duration pause = PAUSE_PER_OBJECT.multipliedBy(objects);
    return pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
  }

  /** Pacing for a work queue, on the system clock. */
  public static SyncPacer forQueue(WorkQueue queue) {
    return new SyncPacer(System::nanoTime, queue::add, queue::addAfter);
  }

  /** Asks for a sync of a key: now, or at the end of its pause (once, however often asked). */
  public synchronized void enqueue(String key) {
    State state = states.get(key);
    if (state == null) {
      add.accept(key);
      return;
    }
    if (state.running) {
      state.dirty = true;
      return;
    }
    if (state.scheduled) {
      return;
    }
    long wait = state.notBefore - nanoTime.getAsLong();
    if (wait <= 0) {
      states.remove(key);
      add.accept(key);
      return;
    }
    state.scheduled = true;
    addAfter.accept(key, Duration.ofNanos(wait));
  }

  /** Marks the start of a sync of a key, before it reads anything: later events need another sync. */
  public synchronized void started(String key) {
    State state = states.computeIfAbsent(key, k -> new State());
    state.running = true;
    state.dirty = false;
    state.scheduled = false;
  }

  /**
   * Marks the end of a sync and starts the key's pause, at whose end a key that had events during
   * the sync is queued again. A zero pause leaves the key unpaced.
   */
  public synchronized void finished(String key, Duration pause) {
    State state = states.get(key);
    if (state == null) {
      return;
    }
    state.running = false;
    long pauseNanos = pause.isNegative() ? 0 : pause.toNanos();
    if (pauseNanos == 0) {
      states.remove(key);
      if (state.dirty) {
        add.accept(key);
      }
      return;
    }
    state.notBefore = nanoTime.getAsLong() + pauseNanos;
    if (state.dirty) {
      state.dirty = false;
      state.scheduled = true;
      addAfter.accept(key, pause);
    }
  }

  /** Returns how many keys are paused or syncing (for tests). */
  synchronized int tracked() {
    return states.size();
  }
}
