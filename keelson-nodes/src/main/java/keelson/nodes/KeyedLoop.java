package keelson.nodes;

import java.time.Clock;
import java.time.Instant;
import keelson.controllers.runtime.ControllerLoop;
import keelson.controllers.runtime.WorkQueue;

/**
 * A work queue, its workers and one timer queue: reconcilers return when they want to see a key
 * again, and the key comes back then (or earlier, on an event).
 */
final class KeyedLoop implements AutoCloseable {
  /** Reconciles one key; returns when to look again, or null for "on the next event". */
  @FunctionalInterface
  interface TimedReconciler {
    Instant reconcile(String key) throws Exception;
  }

  private final WorkQueue queue;
  private final DelayedKeys timers;
  private final ControllerLoop loop;

  KeyedLoop(String name, int workers, Clock clock, TimedReconciler reconciler) {
    this.queue = new WorkQueue(name);
    this.timers = new DelayedKeys(name, clock, queue::add);
    this.loop = new ControllerLoop(name, queue, key -> {
      Instant next = reconciler.reconcile(key);
      if (next != null) {
        timers.schedule(key, next);
      }
    }, workers);
  }

  void start() {
    loop.start();
  }

  void add(String key) {
    queue.add(key);
  }

  @Override
  public void close() {
    loop.close();
    timers.close();
  }
}
