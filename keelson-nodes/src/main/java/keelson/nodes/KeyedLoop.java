package keelson.nodes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
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

  private static final Duration CONFLICT_RETRY = Duration.ofMillis(20);

  private final WorkQueue queue;
  private final DelayedKeys timers;
  private final ControllerLoop loop;

  KeyedLoop(String name, int workers, Clock clock, TimedReconciler reconciler) {
    this.queue = new WorkQueue(name);
    this.timers = new DelayedKeys(name, clock, queue::add);
    this.loop = new ControllerLoop(name, queue, key -> {
      Instant next;
      try {
        next = reconciler.reconcile(key);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 0 && e.getCause() instanceof KubernetesClientException cause) {
          e = cause; // fabric8 wraps some failures once more
        }
        if (e.getCode() == 404) {
          return; // deleted meanwhile; its delete event has been or will be handled
        }
        if (e.getCode() != 409) {
          throw e;
        }
        // A conflict only means the cache was behind: look again shortly, without a warning.
        next = clock.instant().plus(CONFLICT_RETRY);
      }
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
