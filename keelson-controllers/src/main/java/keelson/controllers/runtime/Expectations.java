package keelson.controllers.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Create and delete expectations, as client-go's ControllerExpectations: a controller records how
 * many creations and deletions it just asked for, the informer handlers count them down as they
 * are observed, and the controller does not act on a key again until they are all seen (or a
 * timeout passed), so it never acts twice on a stale cache.
 */
public final class Expectations {
  /** After this long, unfulfilled expectations are assumed lost (a watch event was missed). */
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final Clock clock;
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

  public Expectations(Clock clock) {
    this.clock = clock;
  }

  /** Records that {@code adds} creations and {@code deletes} deletions were requested for a key. */
  public void expect(String key, int adds, int deletes) {
    pending.put(key, new Pending(adds, deletes, clock.instant()));
  }

  /** Counts down one observed creation for a key. */
  public void creationObserved(String key) {
    pending.computeIfPresent(key, (k, p) -> new Pending(p.adds() - 1, p.deletes(), p.since()));
  }

  /** Counts down one observed deletion for a key. */
  public void deletionObserved(String key) {
    pending.computeIfPresent(key, (k, p) -> new Pending(p.adds(), p.deletes() - 1, p.since()));
  }

  /** Returns whether every expected change of a key has been observed, or the wait timed out. */
  public boolean satisfied(String key) {
    Pending p = pending.get(key);
    if (p == null) {
      return true;
    }
    if ((p.adds() <= 0 && p.deletes() <= 0) || clock.instant().isAfter(p.since().plus(TIMEOUT))) {
      pending.remove(key, p);
      return true;
    }
    return false;
  }

  /** Forgets a key (its object was deleted). */
  public void forget(String key) {
    pending.remove(key);
  }

  private record Pending(int adds, int deletes, Instant since) {}
}
