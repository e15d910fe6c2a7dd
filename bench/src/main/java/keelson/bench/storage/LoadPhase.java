package keelson.bench.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one operation from N threads until a total count or a time limit, whichever comes first,
 * and reports throughput and latency percentiles.
 */
final class LoadPhase {

  /** One operation; {@code thread} and {@code index} make keys unique. */
  interface Operation {
    void run(int thread, long index) throws Exception;
  }

  /** What a phase measured. */
  record Result(long ops, double seconds, double p50Micros, double p99Micros) {
    double perSecond() {
      return ops / seconds;
    }
  }

  private LoadPhase() {}

  static Result run(int threads, long maxOps, Duration maxTime, Operation op) throws Exception {
    AtomicLong remaining = new AtomicLong(maxOps);
    long deadline = System.nanoTime() + maxTime.toNanos();
    List<long[]> latencies = new ArrayList<>();
    int[] counts = new int[threads];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      long[] samples = new long[(int) Math.min(maxOps, 2_000_000)];
      latencies.add(samples);
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                      int n = 0;
                      while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        op.run(thread, n);
                        samples[n++] = System.nanoTime() - start;
                      }
                      counts[thread] = n;
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    long started = System.nanoTime();
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark operation failed", failure.get());
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
      at += counts[t];
    }
    Arrays.sort(all);
    return new Result(total, seconds, percentile(all, 0.50) / 1e3, percentile(all, 0.99) / 1e3);
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }
}
