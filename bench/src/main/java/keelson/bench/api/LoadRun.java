package keelson.bench.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one request from N platform threads until a total count or a time limit, whichever comes
 * first, and keeps every request's latency.
 */
final class LoadRun {

  /** One request; {@code thread} and {@code index} make names unique. */
  interface Request {
    void run(int thread, int index) throws Exception;
  }

  /** What a run measured: completed requests, wall seconds, and per-request latencies. */
  record Result(int ops, double seconds, Latencies latencies) {
    double perSecond() {
      return ops / seconds;
    }
  }

  private LoadRun() {}

  static Result run(int threads, int maxOps, Duration maxTime, Request request) throws Exception {
    AtomicLong remaining = new AtomicLong(maxOps);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    long[][] samples = new long[threads][];
    int[] counts = new int[threads];
    List<Thread> workers = new ArrayList<>();
    long[] deadline = new long[1];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      samples[t] = new long[maxOps];
      workers.add(Thread.ofPlatform().name("load-" + t).start(() -> {
        try {
          go.await();
          int n = 0;
          while (failure.get() == null && System.nanoTime() < deadline[0] && remaining.getAndDecrement() > 0) {
            long start = System.nanoTime();
            request.run(thread, n);
            samples[thread][n++] = System.nanoTime() - start;
          }
          counts[thread] = n;
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    long started = System.nanoTime();
    deadline[0] = started + maxTime.toNanos();
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("request failed during the run", failure.get());
    }
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(samples[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    return new Result(total, seconds, Latencies.of(all, total));
  }
}
