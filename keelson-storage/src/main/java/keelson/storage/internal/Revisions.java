package keelson.storage.internal;

import keelson.storage.CompactedException;

/** The compaction and future-revision rules every backend applies in the same way as etcd. */
public final class Revisions {
  private Revisions() {}

  /**
   * Checks that a snapshot read at {@code revision} is possible.
   *
   * @throws CompactedException if it is below the compaction point (the point itself is readable)
   * @throws IllegalArgumentException if it is beyond the current revision
   */
  public static void checkReadable(long revision, long current, long compactRevision) {
    if (revision < compactRevision) {
      throw new CompactedException(revision, compactRevision);
    }
    if (revision > current) {
      throw new IllegalArgumentException(
          "revision " + revision + " is in the future (current is " + current + ")");
    }
  }

  /**
   * Checks that every change after {@code afterRevision} is still in history.
   *
   * <p>As in etcd, a watch may start at the compaction point itself, so the first event it gets can
   * be the one at {@code compactRevision}.
   *
   * @throws CompactedException otherwise
   */
  public static void checkWatchable(long afterRevision, long compactRevision) {
    if (afterRevision + 1 < compactRevision) {
      throw new CompactedException(afterRevision + 1, compactRevision);
    }
  }
}
