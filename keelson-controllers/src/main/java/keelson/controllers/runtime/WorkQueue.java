package keelson.controllers.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A queue of object keys with client-go's guarantees: a key waiting in the queue is there once no
 * matter how often it is added; a key being processed is never handed to a second worker, and if it
 * is added meanwhile it is queued again when the first worker calls {@link #done}.
 *
 * <p>Failed keys come back after a per-key exponential back-off ({@link #addRateLimited}) until
 * {@link #forget} resets it.
 */
public final class WorkQueue implements AutoCloseable {
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final ScheduledExecutorService timers;
  private boolean shutDown;

  /** Creates a queue whose back-off starts at 5 ms and doubles up to 1000 s, as client-go's. */
  public WorkQueue(String name) {
    this(name, Duration.ofMillis(5), Duration.ofSeconds(1000));
  }

  /** Creates a queue with the given back-off bounds. */
  public WorkQueue(String name, Duration baseDelay, Duration maxDelay) {
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.timers = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name(name + "-delays").daemon().factory());
  }

  /** Queues a key unless it is already waiting. */
  public synchronized void add(String key) {
    if (shutDown || !dirty.add(key)) {
      return;
    }
    if (!processing.contains(key)) {
      queue.addLast(key);
      notify();
    }
  }

  /** Queues a key after a delay. */
  public void addAfter(String key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    synchronized (this) {
      if (shutDown) {
        return;
      }
    }
    timers.schedule(() -> add(key), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Queues a key after its next back-off delay (5 ms, 10 ms, 20 ms, ...). */
  public void addRateLimited(String key) {
    addAfter(key, nextDelay(key));
  }

  /** Resets a key's back-off after it was processed successfully. */
  public synchronized void forget(String key) {
    failures.remove(key);
  }

  /** Returns how often a key has failed since it was last forgotten. */
  public synchronized int failures(String key) {
    return failures.getOrDefault(key, 0);
  }

  /**
   * Takes the next key to process, waiting for one.
   *
   * @return the key, or null once the queue is shut down
   */
  public synchronized String take() throws InterruptedException {
    while (queue.isEmpty() && !shutDown) {
      wait();
    }
    if (shutDown) {
      return null;
    }
    String key = queue.removeFirst();
    processing.add(key);
    dirty.remove(key);
    return key;
  }

  /** Marks a key processed; if it was added meanwhile, it is queued again. */
  public synchronized void done(String key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      queue.addLast(key);
      notify();
    }
  }

  /** Returns how many keys wait to be processed. */
  public synchronized int length() {
    return queue.size();
  }

  private synchronized Duration nextDelay(String key) {
    int failed = failures.merge(key, 1, Integer::sum) - 1;
    double nanos = baseDelay.toNanos() * Math.pow(2, Math.min(failed, 62));
    return nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) nanos);
  }

  @Override
  public synchronized void close() {
    shutDown = true;
    timers.shutdownNow();
    notifyAll();
  }
}
