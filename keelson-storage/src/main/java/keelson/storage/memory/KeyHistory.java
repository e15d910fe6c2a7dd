package keelson.storage.memory;

import java.util.ArrayList;
import java.util.List;
import keelson.storage.KeyValue;

/** The versions of one key in revision order; a deletion is a version with a null value. */
final class KeyHistory {

  /** One version; {@code value == null} marks a deletion (a tombstone). */
  record Version(long modRevision, long createRevision, byte[] value) {
    boolean isTombstone() {
      return value == null;
    }
  }

  private final String key;
  private final List<Version> versions = new ArrayList<>();

  KeyHistory(String key) {
    this.key = key;
  }

  void append(Version version) {
    versions.add(version);
  }

  /** Returns the key as it was at {@code revision}, or null if it did not exist then. */
  KeyValue at(long revision) {
    int lo = 0;
    int hi = versions.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (versions.get(mid).modRevision() <= revision) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? null : live(versions.get(found));
  }

  /** Returns the key as it is now, or null if it does not exist. */
  KeyValue latest() {
    return versions.isEmpty() ? null : live(versions.getLast());
  }

  /**
   * Drops what no read at or after {@code revision} can see: versions superseded before it and
   * tombstones before it. Returns whether nothing is left.
   */
  boolean compact(long revision) {
    int keepFrom = 0;
    for (int i = 0; i < versions.size() && versions.get(i).modRevision() < revision; i++) {
      keepFrom = versions.get(i).isTombstone() ? i + 1 : i;
    }
    versions.subList(0, keepFrom).clear();
    return versions.isEmpty();
  }

  private KeyValue live(Version v) {
    return v.isTombstone() ? null : new KeyValue(key, v.value(), v.createRevision(), v.modRevision());
  }
}
