package keelson.storage.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The file layout: the change log and a small meta table, and how connections to it are opened.
 *
 * <p>{@code log} has one row per change, its revision as primary key (so the table is stored in
 * revision order and catch-up reads are a range scan). A deletion is a row with {@code deleted = 1}
 * whose value is the value the key had before; {@code prev_revision} points at the row it replaced
 * (0 for a create), which is how watch events get their previous value. The {@code (key,
 * revision)} index finds the latest row of a key at any revision.
 */
final class SqliteSchema {
  static final String FILE_NAME = "keelson.db";
  static final String META_REVISION = "revision";
  static final String META_COMPACT_REVISION = "compact_revision";

  private SqliteSchema() {}

  /** Opens a connection with the durability settings every connection must share. */
  static Connection connect(Path file, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL in WAL mode fsyncs the WAL at every commit: a write is durable once acknowledged.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-16_384); // 16 MiB of page cache per connection
    // Revisions are assigned here, never read back: without this the driver follows every INSERT
    // with a regular-expression test of its SQL and a freshly prepared "SELECT last_insert_rowid()",
    // on the single writer thread.
    config.setGetGeneratedKeys(false);
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    if (readOnly) {
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA query_only = 1");
      }
    }
    return connection;
  }

  /** Creates the tables if they are missing. */
  static void create(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.executeUpdate(
          """
          CREATE TABLE IF NOT EXISTS log (
            revision INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            value BLOB NOT NULL)""");
      s.executeUpdate("CREATE INDEX IF NOT EXISTS log_key_revision ON log (key, revision)");
      s.executeUpdate(
          "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    }
  }

  /** Returns a meta value, or 0 when it was never written. */
  static long meta(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Writes a meta value (inside the caller's transaction). */
  static void setMeta(Connection connection, String name, long value) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO meta (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
      s.setString(1, name);
      s.setLong(2, value);
      s.executeUpdate();
    }
  }
}
