package keelson.storage.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keelson.storage.KeyValue;
import keelson.storage.RangeResult;
import keelson.storage.WatchEvent;
import keelson.storage.internal.Keys;
import keelson.storage.internal.Revisions;

/**
 * The read queries over the log, on one connection (not thread-safe), with its statements cached.
 *
 * <p>"The key at revision R" is the key's row with the highest revision at or below R, unless that
 * row is a deletion; the {@code (key, revision)} index answers it with one seek per key.
 */
final class LogReader implements AutoCloseable {
  private static final String LATEST_AT =
      "revision = (SELECT MAX(s.revision) FROM log s WHERE s.key = l.key AND s.revision <= ?)";

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  LogReader(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  /** Returns the key as it is now (including uncommitted rows of this connection), or null. */
  KeyValue latest(String key) throws SQLException {
    PreparedStatement s =
        statement(
            "SELECT revision, create_revision, deleted, value FROM log"
                + " WHERE key = ? ORDER BY revision DESC LIMIT 1");
    s.setString(1, key);
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next() || rs.getInt(3) != 0) {
        return null;
      }
      return new KeyValue(key, rs.getBytes(4), rs.getLong(2), rs.getLong(1));
    }
  }

  /** Returns the value stored by the change at {@code revision}. */
  byte[] valueAt(long revision) throws SQLException {
    PreparedStatement s = statement("SELECT value FROM log WHERE revision = ?");
    s.setLong(1, revision);
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("log row " + revision + " is missing");
      }
      return rs.getBytes(1);
    }
  }

  /**
   * Reads one page of keys under {@code prefix} at {@code revision}, which must be committed. Call
   * it inside a read transaction so the compaction check and the rows come from one snapshot.
   */
  RangeResult range(String prefix, String startAfter, int limit, long revision, long current)
      throws SQLException {
    Revisions.checkReadable(
        revision, current, SqliteSchema.meta(connection, SqliteSchema.META_COMPACT_REVISION));
    String end = Keys.prefixEnd(prefix);
    boolean after = startAfter != null && Keys.compareUtf8(startAfter, prefix) >= 0;
    String bounds = (after ? "key > ?" : "key >= ?") + (end == null ? "" : " AND key < ?");

    PreparedStatement page =
        statement(
            "SELECT key, value, create_revision, revision FROM log l WHERE "
                + bounds
                + " AND revision <= ? AND deleted = 0 AND "
                + LATEST_AT
                + " ORDER BY key LIMIT ?");
    int i = 1;
    page.setString(i++, after ? startAfter : prefix);
    if (end != null) {
      page.setString(i++, end);
    }
    page.setLong(i++, revision);
    page.setLong(i++, revision);
    page.setLong(i, limit > 0 ? limit + 1L : -1L);
    List<KeyValue> items = new ArrayList<>();
    boolean more = false;
    try (ResultSet rs = page.executeQuery()) {
      while (rs.next()) {
        if (limit > 0 && items.size() == limit) {
          more = true;
          break;
        }
        items.add(new KeyValue(rs.getString(1), rs.getBytes(2), rs.getLong(3), rs.getLong(4)));
      }
    }
    long count = items.size();
    if (after || more) {
      count = count(prefix, end, revision);
    }
    return new RangeResult(List.copyOf(items), revision, more, count);
  }

  private long count(String prefix, String end, long revision) throws SQLException {
    PreparedStatement s =
        statement(
            "SELECT COUNT(*) FROM log l WHERE key >= ?"
                + (end == null ? "" : " AND key < ?")
                + " AND revision <= ? AND deleted = 0 AND "
                + LATEST_AT);
    int i = 1;
    s.setString(i++, prefix);
    if (end != null) {
      s.setString(i++, end);
    }
    s.setLong(i++, revision);
    s.setLong(i, revision);
    try (ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Returns up to {@code limit} changes under {@code prefix} after {@code afterRevision}, oldest
   * first. Call it inside a read transaction, as {@link #range}.
   */
  List<WatchEvent> changesAfter(String prefix, long afterRevision, int limit) throws SQLException {
    Revisions.checkWatchable(
        afterRevision, SqliteSchema.meta(connection, SqliteSchema.META_COMPACT_REVISION));
    String end = Keys.prefixEnd(prefix);
    // The unary + keeps SQLite from using the key index: walking the primary key from
    // afterRevision reads only the recent tail of the log, which is what a catch-up needs.
    PreparedStatement s =
        statement(
            "SELECT l.revision, l.key, l.create_revision, l.prev_revision, l.deleted, l.value,"
                + " p.value, p.create_revision"
                + " FROM log l LEFT JOIN log p ON p.revision = l.prev_revision"
                + " WHERE l.revision > ? AND +l.key >= ?"
                + (end == null ? "" : " AND +l.key < ?")
                + " ORDER BY l.revision LIMIT ?");
    int i = 1;
    s.setLong(i++, afterRevision);
    s.setString(i++, prefix);
    if (end != null) {
      s.setString(i++, end);
    }
    s.setInt(i, limit);
    List<WatchEvent> changes = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        changes.add(toEvent(rs));
      }
    }
    return changes;
  }

  private static WatchEvent toEvent(ResultSet rs) throws SQLException {
    long revision = rs.getLong(1);
    String key = rs.getString(2);
    long createRevision = rs.getLong(3);
    long prevRevision = rs.getLong(4);
    boolean deleted = rs.getInt(5) != 0;
    byte[] value = rs.getBytes(6);
    if (deleted) {
      // A deletion row carries the value it removed, so its previous state needs no join.
      KeyValue before = new KeyValue(key, value, createRevision, prevRevision);
      return new WatchEvent(
          WatchEvent.Type.DELETE, new KeyValue(key, value, createRevision, revision), before);
    }
    byte[] prevValue = rs.getBytes(7);
    KeyValue before =
        prevRevision == 0 || prevValue == null
            ? null
            : new KeyValue(key, prevValue, rs.getLong(8), prevRevision);
    return new WatchEvent(
        WatchEvent.Type.PUT, new KeyValue(key, value, createRevision, revision), before);
  }

  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement s = statements.get(sql);
    if (s == null) {
      s = connection.prepareStatement(sql);
      statements.put(sql, s);
    }
    return s;
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement s : statements.values()) {
      s.close();
    }
    connection.close();
  }
}
