package keelson.storage.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file on a thread of its own.
 *
 * <p>SQLite's automatic checkpoint runs inside the commit that crosses the threshold, so one
 * unlucky writer would wait for the database file to be written and fsynced. Here the writer only
 * signals, and a PASSIVE checkpoint on a separate connection runs beside the writer, which keeps
 * appending to the WAL meanwhile.
 */
final class Checkpointer {
  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
  /** Log rows committed between checkpoints (about 1,000 pages of 256-byte values). */
  private static final long ROWS_PER_CHECKPOINT = 4_000;

  private final Connection connection;
  private final Semaphore due = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;
  private long rowsSinceSignal;

  Checkpointer(Path file) throws SQLException {
    this.connection = SqliteSchema.connect(file, false);
    this.thread = Thread.ofPlatform().name("keelson-sqlite-checkpoint").daemon().start(this::run);
  }

  /** Called by the writer after each commit; cheap. */
  void committed(int rows) {
    rowsSinceSignal += rows;
    if (rowsSinceSignal >= ROWS_PER_CHECKPOINT) {
      rowsSinceSignal = 0;
      due.release();
    }
  }

  /** Stops the thread and folds the whole WAL into the database file. */
  void stop() {
    running = false;
    due.release();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkpoint("TRUNCATE");
    try {
      connection.close();
    } catch (SQLException e) {
      log.atWarn().setMessage("closing checkpoint connection failed").addKeyValue("error", e.toString()).log();
    }
  }

  private void run() {
    while (running) {
      try {
        // Also checkpoint now and then when idle, so the WAL does not linger after a burst.
        due.tryAcquire(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (running) {
        checkpoint("PASSIVE");
      }
    }
  }

  private void checkpoint(String mode) {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(" + mode + ")");
    } catch (SQLException e) {
      log.atWarn()
          .setMessage("sqlite checkpoint failed; will retry")
          .addKeyValue("mode", mode)
          .addKeyValue("error", e.toString())
          .log();
    }
  }
}
