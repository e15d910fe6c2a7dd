package keelson.bench.api;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One write watched by many watchers: when it was sent and when each watcher saw it. */
final class FanoutRound {
  private final long[] arrivals;
  private final CountDownLatch all;
  private final AtomicInteger duplicates = new AtomicInteger();
  private volatile long startNanos;

  FanoutRound(int watchers) {
    this.arrivals = new long[watchers];
    this.all = new CountDownLatch(watchers);
  }

  /** Marks the moment the create request is about to be sent. */
  void start() {
    startNanos = System.nanoTime();
  }

  /** Records a watcher's event; each watcher's events come from one stream, so one writer per slot. */
  void arrived(int watcher, long nanos) {
    if (arrivals[watcher] != 0) {
      duplicates.incrementAndGet();
      return;
    }
    arrivals[watcher] = nanos;
    all.countDown();
  }

  /** Waits for every watcher, up to the timeout; returns whether all of them saw the event. */
  boolean await(long timeoutMillis) throws InterruptedException {
    return all.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  int received() {
    return (int) (arrivals.length - all.getCount());
  }

  int duplicates() {
    return duplicates.get();
  }

  /** Returns the delivery latencies of the watchers that saw the event (after {@link #await}). */
  long[] latencies() {
    return Arrays.stream(arrivals).filter(a -> a != 0).map(a -> a - startNanos).toArray();
  }
}
