package keelson.storage.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import keelson.storage.ConflictException;
import keelson.storage.Deleted;
import keelson.storage.KeyExistsException;
import keelson.storage.KeyValue;
import keelson.storage.StorageException;
import keelson.storage.WatchEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thread that writes the database: it takes every write queued since its last commit,
 * checks each against the state left by the ones before it, appends their log rows and commits
 * them in one transaction, so one fsync acknowledges the whole batch.
 *
 * <p>The compare-and-swap checks read a heap map of live keys to their create and mod revisions
 * instead of the database: it is owned by this thread alone, costs about 100 bytes per key, and
 * keeps a batch down to inserts plus the previous-value reads that watch events need. A batch
 * records its changes in an overlay that joins the map only after the commit succeeded, so a
 * failed commit leaves the map matching the file.
 */
final class GroupCommitWriter {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 1024;

  record KeyState(long createRevision, long modRevision) {}

  /** Marks a key deleted in a batch's overlay. */
  private static final KeyState GONE = new KeyState(0, 0);

  /** Told of each commit, on the writer thread, before the writers are acknowledged. */
  interface CommitListener {
    void committed(long revision, long compactRevision, List<WatchEvent> changes);
  }

  private final LogReader db;
  private final Checkpointer checkpointer;
  private final Map<String, KeyState> live;
  private final CommitListener listener;
  private final LinkedBlockingQueue<PendingWrite> queue = new LinkedBlockingQueue<>();
  private final PendingWrite stop = new PendingWrite.Compact(-1, null);
  private final Thread thread;
  private final PreparedStatement insert;
  private volatile boolean accepting = true;
  private long revision;
  private long compactRevision;

  GroupCommitWriter(
      LogReader db,
      Checkpointer checkpointer,
      long revision,
      long compactRevision,
      Map<String, KeyState> live,
      CommitListener listener)
      throws SQLException {
    this.db = db;
    this.checkpointer = checkpointer;
    this.revision = revision;
    this.compactRevision = compactRevision;
    this.live = live;
    this.listener = listener;
    this.insert =
        db.connection()
            .prepareStatement(
                "INSERT INTO log (revision, key, create_revision, prev_revision, deleted, value)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
    this.thread = Thread.ofPlatform().name("keelson-sqlite-writer").daemon().unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** Queues a write; its future completes after the batch holding it is durable. */
  void submit(PendingWrite write) {
    if (!accepting) {
      throw new StorageException("store is closed");
    }
    queue.add(write);
  }

  /** Commits what is queued, then stops the thread; later writes fail. */
  void stop() {
    accepting = false;
    queue.add(stop);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Writes that slipped in after the stop marker.
    for (PendingWrite w : queue) {
      w.done().completeExceptionally(new StorageException("store is closed"));
    }
  }

  private void run() {
    List<PendingWrite> batch = new ArrayList<>();
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        int stopAt = indexOfStop(batch);
        if (stopAt >= 0) {
          commit(batch.subList(0, stopAt));
          queue.addAll(batch.subList(stopAt + 1, batch.size()));
          return;
        }
        commit(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int indexOfStop(List<PendingWrite> batch) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i) == stop) {
        return i;
      }
    }
    return -1;
  }

  private void commit(List<PendingWrite> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Map<String, KeyState> overlay = new HashMap<>();
    List<WatchEvent> changes = new ArrayList<>();
    Object[] outcomes = new Object[batch.size()];
    long startRevision = revision;
    long startCompact = compactRevision;
    try {
      for (int i = 0; i < outcomes.length; i++) {
        outcomes[i] = apply(batch.get(i), overlay, changes);
      }
      db.connection().commit();
    } catch (SQLException | RuntimeException e) {
      revision = startRevision;
      compactRevision = startCompact;
      rollbackQuietly();
      log.atError()
          .setMessage("sqlite commit failed; the batch's writes were not stored")
          .addKeyValue("writes", batch.size())
          .addKeyValue("error", e.toString())
          .log();
      StorageException failure = new StorageException("sqlite commit failed: " + e.getMessage(), e);
      batch.forEach(w -> w.done().completeExceptionally(failure));
      return;
    }
    overlay.forEach(
        (key, state) -> {
          if (state == GONE) {
            live.remove(key);
          } else {
            live.put(key, state);
          }
        });
    if (compactRevision != startCompact) {
      log.atInfo()
          .setMessage("compacted sqlite log")
          .addKeyValue("compactRevision", compactRevision)
          .log();
    }
    listener.committed(revision, compactRevision, changes);
    checkpointer.committed(changes.size());
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i] instanceof RuntimeException failure) {
        batch.get(i).done().completeExceptionally(failure);
      } else {
        batch.get(i).done().complete(outcomes[i]);
      }
    }
  }

  /** Applies one write inside the open transaction; returns its result or the exception to give. */
  private Object apply(PendingWrite write, Map<String, KeyState> overlay, List<WatchEvent> changes)
      throws SQLException {
    return switch (write) {
      case PendingWrite.Create c -> {
        if (state(c.key(), overlay) != null) {
          yield new KeyExistsException(db.latest(c.key()));
        }
        long rev = append(c.key(), revision + 1, 0, false, c.value());
        KeyValue created = new KeyValue(c.key(), c.value(), rev, rev);
        overlay.put(c.key(), new KeyState(rev, rev));
        changes.add(new WatchEvent(WatchEvent.Type.PUT, created, null));
        yield created;
      }
      case PendingWrite.Update u -> {
        KeyState s = state(u.key(), overlay);
        if (s == null || s.modRevision() != u.expectedModRevision()) {
          yield new ConflictException(u.key(), s == null ? null : db.latest(u.key()));
        }
        KeyValue before =
            new KeyValue(u.key(), db.valueAt(s.modRevision()), s.createRevision(), s.modRevision());
        long rev = append(u.key(), s.createRevision(), s.modRevision(), false, u.value());
        KeyValue updated = new KeyValue(u.key(), u.value(), s.createRevision(), rev);
        overlay.put(u.key(), new KeyState(s.createRevision(), rev));
        changes.add(new WatchEvent(WatchEvent.Type.PUT, updated, before));
        yield updated;
      }
      case PendingWrite.Delete d -> {
        KeyState s = state(d.key(), overlay);
        if (s == null
            || (d.expectedModRevision() != 0 && s.modRevision() != d.expectedModRevision())) {
          yield new ConflictException(d.key(), s == null ? null : db.latest(d.key()));
        }
        byte[] value = db.valueAt(s.modRevision());
        KeyValue before = new KeyValue(d.key(), value, s.createRevision(), s.modRevision());
        long rev = append(d.key(), s.createRevision(), s.modRevision(), true, value);
        overlay.put(d.key(), GONE);
        changes.add(
            new WatchEvent(
                WatchEvent.Type.DELETE,
                new KeyValue(d.key(), value, s.createRevision(), rev),
                before));
        yield new Deleted(before, rev);
      }
      case PendingWrite.Compact k -> compact(k.revision());
    };
  }

  private long append(
      String key, long createRevision, long prevRevision, boolean deleted, byte[] value)
      throws SQLException {
    long rev = ++revision;
    insert.setLong(1, rev);
    insert.setString(2, key);
    insert.setLong(3, createRevision);
    insert.setLong(4, prevRevision);
    insert.setInt(5, deleted ? 1 : 0);
    insert.setBytes(6, value);
    insert.executeUpdate();
    return rev;
  }

  private Object compact(long target) throws SQLException {
    if (target <= compactRevision) {
      return null;
    }
    if (target > revision) {
      return new IllegalArgumentException(
          "cannot compact at revision " + target + ": current is " + revision);
    }
    // Keep, for every key, its rows at or after the target plus the last live row before it:
    // that is all a read at the target or a watch starting there can need. Tombstones before the
    // target go too, since a later row of the same key is a create that does not look back.
    try (PreparedStatement s =
        db.connection()
            .prepareStatement(
                "DELETE FROM log WHERE revision < ?1 AND (deleted = 1 OR EXISTS (SELECT 1 FROM"
                    + " log s WHERE s.key = log.key AND s.revision > log.revision"
                    + " AND s.revision < ?1))")) {
      s.setLong(1, target);
      s.executeUpdate();
    }
    // The newest row is never deleted, but the high-water mark is written anyway so that the
    // revision can never go backwards whatever later compaction rules do.
    SqliteSchema.setMeta(db.connection(), SqliteSchema.META_COMPACT_REVISION, target);
    SqliteSchema.setMeta(db.connection(), SqliteSchema.META_REVISION, revision);
    compactRevision = target;
    return null;
  }

  private KeyState state(String key, Map<String, KeyState> overlay) {
    KeyState s = overlay.containsKey(key) ? overlay.get(key) : live.get(key);
    return s == GONE ? null : s;
  }

  private void rollbackQuietly() {
    try {
      db.connection().rollback();
    } catch (SQLException e) {
      log.atWarn().setMessage("sqlite rollback failed").addKeyValue("error", e.toString()).log();
    }
  }
}
