package keelson.storage.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import keelson.storage.ConflictException;
import keelson.storage.Deleted;
import keelson.storage.KeyExistsException;
import keelson.storage.KeyValue;
import keelson.storage.RangeResult;
import keelson.storage.RevisionedStore;
import keelson.storage.StorageException;
import keelson.storage.Watch;
import keelson.storage.WatchEvent;
import keelson.storage.WatchListener;
import keelson.storage.internal.Keys;
import keelson.storage.internal.Revisions;
import keelson.storage.internal.WatchFanout;

/**
 * A revisioned store held entirely in memory, with full history until compaction.
 *
 * <p>One read-write lock guards everything: writes are short (an append), and publishing changes
 * to watches under the write lock keeps them in revision order.
 */
public final class MemoryStore implements RevisionedStore {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final NavigableMap<String, KeyHistory> keys = new TreeMap<>(Keys.UTF8_ORDER);
  // Every change since the compaction point; changes.get(i) has revision firstChangeRevision + i.
  private final List<WatchEvent> changes = new ArrayList<>();
  private final WatchFanout watches = new WatchFanout("memory", this::changesAfter);
  private long firstChangeRevision = 1;
  private long revision;
  private long compactRevision;
  private boolean closed;

  @Override
  public long currentRevision() {
    return read(() -> revision);
  }

  @Override
  public long compactRevision() {
    return read(() -> compactRevision);
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return read(
        () -> {
          KeyHistory history = keys.get(key);
          return Optional.ofNullable(history == null ? null : history.latest());
        });
  }

  @Override
  public RangeResult range(String prefix, String startAfter, int limit, long atRevision) {
    return read(
        () -> {
          long at = atRevision == 0 ? revision : atRevision;
          Revisions.checkReadable(at, revision, compactRevision);
          String end = Keys.prefixEnd(prefix);
          Map<String, KeyHistory> matching =
              end == null ? keys.tailMap(prefix, true) : keys.subMap(prefix, true, end, false);
          List<KeyValue> items = new ArrayList<>();
          long count = 0;
          boolean more = false;
          for (Map.Entry<String, KeyHistory> entry : matching.entrySet()) {
            KeyValue kv = entry.getValue().at(at);
            if (kv == null) {
              continue;
            }
            count++;
            if (startAfter != null && Keys.compareUtf8(kv.key(), startAfter) <= 0) {
              continue;
            }
            if (limit > 0 && items.size() == limit) {
              more = true;
            } else {
              items.add(kv);
            }
          }
          return new RangeResult(List.copyOf(items), at, more, count);
        });
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    byte[] copy = value.clone();
    return write(
        () -> {
          KeyHistory history = keys.computeIfAbsent(key, KeyHistory::new);
          KeyValue existing = history.latest();
          if (existing != null) {
            throw new KeyExistsException(existing);
          }
          long rev = ++revision;
          history.append(new KeyHistory.Version(rev, rev, copy));
          KeyValue created = new KeyValue(key, copy, rev, rev);
          record(new WatchEvent(WatchEvent.Type.PUT, created, null));
          return created;
        });
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    byte[] copy = value.clone();
    return write(
        () -> {
          KeyValue current = currentOrConflict(key, expectedModRevision, false);
          long rev = ++revision;
          keys.get(key).append(new KeyHistory.Version(rev, current.createRevision(), copy));
          KeyValue updated = new KeyValue(key, copy, current.createRevision(), rev);
          record(new WatchEvent(WatchEvent.Type.PUT, updated, current));
          return updated;
        });
  }

  @Override
  public Deleted delete(String key, long expectedModRevision) {
    return write(
        () -> {
          KeyValue current = currentOrConflict(key, expectedModRevision, true);
          long rev = ++revision;
          keys.get(key).append(new KeyHistory.Version(rev, current.createRevision(), null));
          KeyValue tombstone = new KeyValue(key, current.value(), current.createRevision(), rev);
          record(new WatchEvent(WatchEvent.Type.DELETE, tombstone, current));
          return new Deleted(current, rev);
        });
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    read(
        () -> {
          Revisions.checkWatchable(afterRevision, compactRevision);
          return null;
        });
    return watches.open(prefix, afterRevision, listener);
  }

  @Override
  public void compact(long atRevision) {
    write(
        () -> {
          if (atRevision <= compactRevision) {
            return null;
          }
          Revisions.checkReadable(atRevision, revision, compactRevision);
          keys.values().removeIf(history -> history.compact(atRevision));
          // Keep the change at the compaction point itself: a watch may start there, as in etcd.
          int drop = (int) Math.max(0, atRevision - firstChangeRevision);
          changes.subList(0, Math.min(drop, changes.size())).clear();
          firstChangeRevision += drop;
          compactRevision = atRevision;
          return null;
        });
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
    watches.closeAll();
  }

  private List<WatchEvent> changesAfter(String prefix, long afterRevision, int limit) {
    return read(
        () -> {
          Revisions.checkWatchable(afterRevision, compactRevision);
          List<WatchEvent> page = new ArrayList<>();
          int from = (int) Math.max(0, afterRevision + 1 - firstChangeRevision);
          for (int i = from; i < changes.size() && page.size() < limit; i++) {
            WatchEvent event = changes.get(i);
            if (event.kv().key().startsWith(prefix)) {
              page.add(event);
            }
          }
          return page;
        });
  }

  private KeyValue currentOrConflict(String key, long expectedModRevision, boolean zeroMeansAny) {
    KeyHistory history = keys.get(key);
    KeyValue current = history == null ? null : history.latest();
    boolean any = zeroMeansAny && expectedModRevision == 0;
    if (current == null || (!any && current.modRevision() != expectedModRevision)) {
      throw new ConflictException(key, current);
    }
    return current;
  }

  private void record(WatchEvent event) {
    changes.add(event);
    watches.publish(List.of(event));
  }

  private interface Action<T> {
    T run();
  }

  private <T> T read(Action<T> action) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return action.run();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Action<T> action) {
    lock.writeLock().lock();
    try {
      ensureOpen();
      return action.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("store is closed");
    }
  }
}
