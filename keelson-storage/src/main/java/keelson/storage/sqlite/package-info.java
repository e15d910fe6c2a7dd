/**
 * The embedded durable backend: one SQLite file in WAL mode holding a kine-like log of every
 * change. A single writer thread group-commits queued writes (one fsync per batch); readers use
 * their own connections and never wait for it. See {@link keelson.storage.sqlite.SqliteStore}.
 */
package keelson.storage.sqlite;
