package keelson.bench.api;

import java.util.Arrays;

/** Sorted latency samples in nanoseconds, with the percentiles the tables print. */
record Latencies(long[] sortedNanos) {

  static Latencies of(long[] nanos, int count) {
    long[] copy = Arrays.copyOf(nanos, count);
    Arrays.sort(copy);
    return new Latencies(copy);
  }

  int count() {
    return sortedNanos.length;
  }

  /** Returns the q-quantile (nearest rank) in milliseconds, NaN when there are no samples. */
  double millis(double q) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank))] / 1e6;
  }

  double p50Millis() {
    return millis(0.50);
  }

  double p99Millis() {
    return millis(0.99);
  }

  double maxMillis() {
    return millis(1.0);
  }
}
