package keelson.storage.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import keelson.storage.StorageException;

/**
 * A small pool of read-only connections. Each read runs in its own transaction, which is one WAL
 * snapshot, and ends it at once: a snapshot left open would hide newer commits and hold back
 * checkpoints.
 */
final class ReadConnections implements AutoCloseable {

  /** A read against one connection. */
  interface Read<T> {
    T run(LogReader reader) throws SQLException;
  }

  private final Path file;
  private final int max;
  private final ArrayBlockingQueue<LogReader> idle;
  private final AtomicInteger opened = new AtomicInteger();
  private final List<LogReader> all = new ArrayList<>();
  private volatile boolean closed;

  ReadConnections(Path file, int max) {
    this.file = file;
    this.max = max;
    this.idle = new ArrayBlockingQueue<>(max);
  }

  /** Runs {@code read} in one read transaction. */
  <T> T read(Read<T> read) {
    if (closed) {
      throw new StorageException("store is closed");
    }
    LogReader reader = borrow();
    try {
      T result = read.run(reader);
      reader.connection().commit();
      return result;
    } catch (SQLException e) {
      rollbackQuietly(reader);
      throw new StorageException("sqlite read failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      rollbackQuietly(reader);
      throw e;
    } finally {
      idle.add(reader);
    }
  }

  private LogReader borrow() {
    LogReader reader = idle.poll();
    if (reader != null) {
      return reader;
    }
    if (opened.incrementAndGet() <= max) {
      try {
        var connection = SqliteSchema.connect(file, true);
        connection.setAutoCommit(false);
        reader = new LogReader(connection);
        synchronized (all) {
          all.add(reader);
        }
        return reader;
      } catch (SQLException e) {
        opened.decrementAndGet();
        throw new StorageException("cannot open sqlite read connection: " + e.getMessage(), e);
      }
    }
    opened.decrementAndGet();
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted waiting for a sqlite read connection");
    }
  }

  private static void rollbackQuietly(LogReader reader) {
    try {
      reader.connection().rollback();
    } catch (SQLException ignored) {
      // The read failed already; its error is the one worth reporting.
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (all) {
      for (LogReader reader : all) {
        try {
          reader.close();
        } catch (SQLException ignored) {
          // Closing at shutdown: nothing left to protect.
        }
      }
      all.clear();
    }
  }
}
