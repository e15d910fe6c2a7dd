package keelson.controllers.daemonset;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Per (DaemonSet, node) exponential back-off for deleting failed daemon pods, 1 s doubling to
 * 15 min (upstream failedPodsBackoff, a flowcontrol.Backoff): a pod that keeps failing on a node is
 * not replaced in a hot loop. State of the controller, read by the planner as a snapshot.
 */
public final class FailedPodBackoff {
  static final Duration INITIAL = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofMinutes(15);

  private record Entry(Duration backoff, Instant lastUpdate) {}

  private final Map<String, Entry> entries = new HashMap<>();

  /** Returns, for each node of the set now in back-off, how long the back-off still lasts. */
  public synchronized Map<String, Duration> inBackoff(String dsUid, Instant now) {
    Map<String, Duration> result = new HashMap<>();
    String prefix = dsUid + "/";
    entries.entrySet().removeIf(e -> Duration.between(e.getValue().lastUpdate(), now).compareTo(MAX.multipliedBy(2)) > 0);
    entries.forEach((key, entry) -> {
      if (key.startsWith(prefix)) {
        Duration remaining = entry.backoff().minus(Duration.between(entry.lastUpdate(), now));
        if (remaining.isPositive()) {
          result.put(key.substring(prefix.length()), remaining);
        }
      }
    });
    return result;
  }

  /** Starts or doubles the back-off of a node after one of the set's failed pods there is deleted. */
  public synchronized void next(String dsUid, String node, Instant now) {
    String key = dsUid + "/" + node;
    Entry entry = entries.get(key);
    Duration backoff;
    if (entry == null || Duration.between(entry.lastUpdate(), now).compareTo(MAX.multipliedBy(2)) > 0) {
      backoff = INITIAL;
    } else {
      backoff = entry.backoff().multipliedBy(2);
      if (backoff.compareTo(MAX) > 0) {
        backoff = MAX;
      }
    }
    entries.put(key, new Entry(backoff, now));
  }
}
