package keelson.storage.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import keelson.storage.Deleted;
import keelson.storage.KeyValue;
import keelson.storage.RangeResult;
import keelson.storage.RevisionedStore;
import keelson.storage.StorageException;
import keelson.storage.Watch;
import keelson.storage.WatchEvent;
import keelson.storage.WatchListener;
import keelson.storage.internal.Revisions;
import keelson.storage.internal.WatchFanout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable revisioned store in one SQLite file, {@code keelson.db}, in a data directory.
 *
 * <p>Writes queue for {@link GroupCommitWriter}, which acknowledges them only after their batch is
 * fsynced. Reads go straight to the file through {@link ReadConnections}. Watches catch up from the
 * log and then take the changes the writer publishes after each commit.
 */
public final class SqliteStore implements RevisionedStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
  private static final int READ_CONNECTIONS = 8;

  private final Path file;
  private final LogReader writerDb;
  private final GroupCommitWriter writer;
  private final Checkpointer checkpointer;
  private final ReadConnections readers;
  private final WatchFanout watches;
  private volatile long revision;
  private volatile long compactRevision;
  private volatile boolean closed;

  private SqliteStore(Path file, LogReader writerDb, long revision, long compactRevision,
      Map<String, GroupCommitWriter.KeyState> live) throws SQLException {
    this.file = file;
    this.writerDb = writerDb;
    this.revision = revision;
    this.compactRevision = compactRevision;
    this.readers = new ReadConnections(file, READ_CONNECTIONS);
    this.watches =
        new WatchFanout(
            "sqlite",
            (prefix, after, limit) -> readers.read(r -> r.changesAfter(prefix, after, limit)));
    this.checkpointer = new Checkpointer(file);
    this.writer =
        new GroupCommitWriter(
            writerDb, checkpointer, revision, compactRevision, live, this::committed);
  }

  /**
   * Opens (creating if needed) {@code keelson.db} in {@code dataDir}.
   *
   * @throws StorageException if the directory or the file cannot be used
   */
  public static SqliteStore open(Path dataDir) {
    long started = System.nanoTime();
    Path file = dataDir.resolve(SqliteSchema.FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      Connection connection = SqliteSchema.connect(file, false);
      SqliteSchema.create(connection);
      try (Statement s = connection.createStatement()) {
        // Checkpoints run on Checkpointer's thread, not inside a writer's commit.
        s.execute("PRAGMA wal_autocheckpoint = 0");
      }
      connection.setAutoCommit(false);
      LogReader db = new LogReader(connection);
      long compactRevision = SqliteSchema.meta(connection, SqliteSchema.META_COMPACT_REVISION);
      long revision =
          Math.max(SqliteSchema.meta(connection, SqliteSchema.META_REVISION), maxRevision(connection));
      Map<String, GroupCommitWriter.KeyState> live = liveKeys(connection);
      connection.commit();
      SqliteStore store = new SqliteStore(file, db, revision, compactRevision, live);
      store.writer.start();
      log.atInfo()
          .setMessage("opened sqlite store")
          .addKeyValue("path", file)
          .addKeyValue("revision", revision)
          .addKeyValue("compactRevision", compactRevision)
          .addKeyValue("keys", live.size())
          .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
          .log();
      return store;
    } catch (IOException | SQLException e) {
      throw new StorageException("cannot open sqlite store " + file + ": " + e.getMessage(), e);
    }
  }

  private static long maxRevision(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(revision), 0) FROM log")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, GroupCommitWriter.KeyState> liveKeys(Connection connection)
      throws SQLException {
    Map<String, GroupCommitWriter.KeyState> live = new HashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT key, create_revision, revision FROM log l WHERE deleted = 0 AND revision ="
                    + " (SELECT MAX(s.revision) FROM log s WHERE s.key = l.key)")) {
      while (rs.next()) {
        live.put(rs.getString(1), new GroupCommitWriter.KeyState(rs.getLong(2), rs.getLong(3)));
      }
    }
    return live;
  }

  /** Returns the database file. */
  public Path file() {
    return file;
  }

  @Override
  public long currentRevision() {
    return revision;
  }

  @Override
  public long compactRevision() {
    return compactRevision;
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return Optional.ofNullable(readers.read(r -> r.latest(key)));
  }

  @Override
  public RangeResult range(String prefix, String startAfter, int limit, long atRevision) {
    long current = revision;
    long at = atRevision == 0 ? current : atRevision;
    return readers.read(r -> r.range(prefix, startAfter, limit, at, current));
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    return (KeyValue) submit(new PendingWrite.Create(key, value.clone(), new CompletableFuture<>()));
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    return (KeyValue)
        submit(
            new PendingWrite.Update(
                key, value.clone(), expectedModRevision, new CompletableFuture<>()));
  }

  @Override
  public Deleted delete(String key, long expectedModRevision) {
    return (Deleted)
        submit(new PendingWrite.Delete(key, expectedModRevision, new CompletableFuture<>()));
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    ensureOpen();
    Revisions.checkWatchable(afterRevision, compactRevision);
    return watches.open(prefix, afterRevision, listener);
  }

  @Override
  public void compact(long atRevision) {
    submit(new PendingWrite.Compact(atRevision, new CompletableFuture<>()));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.stop();
    watches.closeAll();
    readers.close();
    checkpointer.stop();
    try {
      writerDb.close();
    } catch (SQLException e) {
      log.atWarn()
          .setMessage("closing sqlite store failed")
          .addKeyValue("path", file)
          .addKeyValue("error", e.toString())
          .log();
    }
    log.atInfo()
        .setMessage("closed sqlite store")
        .addKeyValue("path", file)
        .addKeyValue("revision", revision)
        .log();
  }

  private void committed(long newRevision, long newCompactRevision, List<WatchEvent> changes) {
    revision = newRevision;
    compactRevision = newCompactRevision;
    watches.publish(changes);
  }

  private Object submit(PendingWrite write) {
    ensureOpen();
    writer.submit(write);
    try {
      return write.done().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new StorageException("sqlite write failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      // The write may still commit; the caller only stops waiting for it.
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted waiting for a sqlite write");
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("store is closed");
    }
  }
}
