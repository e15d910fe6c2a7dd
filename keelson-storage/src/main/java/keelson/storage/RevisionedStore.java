package keelson.storage;

import java.util.Optional;

/**
 * An etcd-shaped revisioned key-value store.
 *
 * <p>Revisions start at 1 for an empty store's first write and increase by exactly one per
 * successful write (create, update or delete), across all keys. A write is durable once its
 * method returns. Implementations are thread-safe.
 */
public interface RevisionedStore extends AutoCloseable {

  /** Returns the revision of the latest committed write, or 0 for a store never written. */
  long currentRevision();

  /** Returns the compaction point (0 if never compacted). */
  long compactRevision();

  /** Returns the current value of a key. */
  Optional<KeyValue> get(String key);

  /**
   * Reads keys starting with {@code prefix} in ascending order.
   *
   * @param prefix the key prefix; every key starting with it matches
   * @param startAfter return only keys strictly greater than this one; null for the start
   * @param limit at most this many keys; 0 for no limit
   * @param revision read the snapshot at this revision; 0 for the current one
   * @throws CompactedException if {@code revision} is older than the compaction point
   */
  RangeResult range(String prefix, String startAfter, int limit, long revision);

  /**
   * Creates a key that must not exist.
   *
   * @return the stored key, with its create and mod revision
   * @throws KeyExistsException if the key exists
   */
  KeyValue create(String key, byte[] value);

  /**
   * Replaces the value of an existing key if its mod revision is {@code expectedModRevision}.
   *
   * @return the stored key with its new mod revision
   * @throws ConflictException if the key does not exist or was changed since
   */
  KeyValue update(String key, byte[] value, long expectedModRevision);

  /**
   * Deletes a key if its mod revision is {@code expectedModRevision}, or unconditionally when it
   * is 0.
   *
   * @throws ConflictException if the key does not exist or was changed since
   */
  Deleted delete(String key, long expectedModRevision);

  /**
   * Watches every key starting with {@code prefix}, delivering each change with a revision greater
   * than {@code afterRevision}, in revision order, then live changes as they commit.
   *
   * @throws CompactedException if changes after {@code afterRevision} are no longer all available
   */
  Watch watch(String prefix, long afterRevision, WatchListener listener);

  /**
   * Discards history older than {@code revision}: afterwards, reads and watches at revisions below
   * it fail with {@link CompactedException}. The current value of every key is kept.
   */
  void compact(long revision);

  /** Flushes and releases everything; pending watches get {@link WatchListener#onClose}. */
  @Override
  void close();
}
