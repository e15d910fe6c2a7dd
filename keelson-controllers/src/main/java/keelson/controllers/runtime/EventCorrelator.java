package keelson.controllers.runtime;

import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What client-go's event correlator does to the events of one source before they are written, so
 * that a controller acting on thousands of pods of one object (a DaemonSet on 5,000 nodes) does
 * not write thousands of Events about it:
 *
 * <ul>
 *   <li>similar events (same object, type and reason, other messages) are combined: from the tenth
 *       message within ten minutes on, the event reads {@code (combined from similar events): <message>}
 *       and is one Event whose count grows;
 *   <li>events about one object are rate limited: a burst of 25, then one every five minutes;
 *       events beyond that are dropped.
 * </ul>
 *
 * <p>Not thread-safe: a recorder correlates on its one sending thread.
 */
final class EventCorrelator {
  static final int MAX_SIMILAR = 10;
  static final Duration SIMILAR_WINDOW = Duration.ofMinutes(10);
  static final int SPAM_BURST = 25;
  static final Duration SPAM_REFILL = Duration.ofMinutes(5);
  static final String COMBINED = "(combined from similar events): ";
  private static final int REMEMBERED = 4_096;

  /** The event to write ({@code skip}: none), its message and what identifies it for counting. */
  record Outcome(boolean skip, String message, String identity) {}

  private final Map<String, Similar> similar = lru();
  private final Map<String, Bucket> buckets = lru();

  private static final class Similar {
    final Set<String> messages = new HashSet<>();
    Instant last;
  }

  private static final class Bucket {
    double tokens = SPAM_BURST;
    Instant refilled;
  }

  Outcome correlate(ObjectReference object, String type, String reason, String message, Instant now) {
    String objectKey = object.getKind() + "\u0000" + object.getNamespace() + "\u0000" + object.getName() + "\u0000"
        + object.getUid() + "\u0000" + object.getApiVersion();
    String aggregateKey = objectKey + "\u0000" + type + "\u0000" + reason;
    String identity = object.getUid() + "\u0000" + object.getFieldPath() + "\u0000" + type + "\u0000" + reason
        + "\u0000" + message;
    Similar seen = similar.get(aggregateKey);
    if (seen == null || seen.last.plus(SIMILAR_WINDOW).isBefore(now)) {
      seen = new Similar();
      similar.put(aggregateKey, seen);
    }
    seen.last = now;
    seen.messages.add(message);
    if (seen.messages.size() >= MAX_SIMILAR) {
      seen.messages.remove(message); // the set need not grow past the limit
      message = COMBINED + message;
      identity = "combined\u0000" + aggregateKey;
    }
    return new Outcome(!allow(objectKey, now), message, identity);
  }

  private boolean allow(String objectKey, Instant now) {
    Bucket bucket = buckets.computeIfAbsent(objectKey, k -> new Bucket());
    if (bucket.refilled != null) {
      double earned = (double) Duration.between(bucket.refilled, now).toMillis() / SPAM_REFILL.toMillis();
      bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + Math.max(0, earned));
    }
    bucket.refilled = now;
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > REMEMBERED;
      }
    };
  }
}
