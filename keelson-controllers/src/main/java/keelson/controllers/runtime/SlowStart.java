package keelson.controllers.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slow-start batching of creations (upstream's {@code slowStartBatch}): batches of 1, 2, 4, … each
 * awaited, stopping after the first batch with a failure, so a template the API refuses costs one
 * failed request, not hundreds.
 *
 * <p>Upstream starts every sync from 1 again, so a large healthy workload that needs many syncs
 * (250 creations each for a DaemonSet) pays the whole ramp of sequential round trips each time. Here
 * the ramp continues across syncs: once every creation of a sync succeeded, the next sync for the
 * same key and the same template ({@code fingerprint}) starts at twice the largest batch that
 * succeeded, up to {@code maxBatch}. Any failure, a new template or a forgotten key starts at 1
 * again, so the protection against a bad template is unchanged. Thread-safe.
 */
public final class SlowStart {
  /** The first batch of a cold start (controller.SlowStartInitialBatchSize). */
  public static final int INITIAL_BATCH = 1;

  private record Warm(String fingerprint, int batch) {}

  private final int maxBatch;
  private final Map<String, Warm> warm = new ConcurrentHashMap<>();

  /** @param maxBatch the largest batch ever run at once */
  public SlowStart(int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
    }
    this.maxBatch = maxBatch;
  }

  /** Returns upstream's batch sizes for {@code n} creations: 1, 2, 4, … summing to n. */
  public static List<Integer> coldBatches(int n) {
    return batches(n, INITIAL_BATCH, Integer.MAX_VALUE);
  }

  /** Returns batch sizes summing to {@code n}: {@code first}, then doubling, none above {@code max}. */
  static List<Integer> batches(int n, int first, int max) {
    List<Integer> batches = new ArrayList<>();
    int batch = Math.min(first, max);
    for (int pos = 0; pos < n; pos += batches.getLast()) {
      batches.add(Math.min(batch, n - pos));
      batch = (int) Math.min((long) batch * 2, max);
    }
    return batches;
  }

  /** Returns the batch sizes for the next {@code n} creations of {@code key} with this template. */
  public List<Integer> batches(String key, String fingerprint, int n) {
    Warm w = warm.get(key);
    int first = w != null && Objects.equals(w.fingerprint(), fingerprint) ? w.batch() : INITIAL_BATCH;
    return batches(n, first, maxBatch);
  }

  /**
   * Records the outcome of a sync's creations: {@code largestBatch} is the largest batch that ran
   * (0 if none), {@code failed} whether any creation failed.
   */
  public void record(String key, String fingerprint, int largestBatch, boolean failed) {
    if (failed) {
      warm.remove(key);
    } else if (largestBatch > 0) {
      warm.put(key, new Warm(fingerprint, (int) Math.min((long) largestBatch * 2, maxBatch)));
    }
  }

  /** Forgets a key whose object is gone. */
  public void forget(String key) {
    warm.remove(key);
  }
}
