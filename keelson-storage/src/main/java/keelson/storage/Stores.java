package keelson.storage;

import java.nio.file.Path;
import keelson.storage.etcd.EtcdStore;
import keelson.storage.memory.MemoryStore;
import keelson.storage.sqlite.SqliteStore;

/** Opens a backend from the {@code --storage} spec a user typed. */
public final class Stores {
  private static final String ETCD_SCHEME = "etcd://";

  private Stores() {}

  /**
   * Opens the store named by {@code spec}: {@code memory}, {@code sqlite} (the file {@code
   * keelson.db} in {@code dataDir}), or {@code etcd://HOST:PORT[,HOST:PORT...]}.
   *
   * @throws IllegalArgumentException if the spec is not one of those, with a one-line message fit
   *     to show the user
   * @throws StorageException if the backend cannot be opened or reached
   */
  public static RevisionedStore open(String spec, Path dataDir) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(usage("an empty storage spec"));
    }
    String s = spec.trim();
    if (s.equals("memory")) {
      return new MemoryStore();
    }
    if (s.equals("sqlite")) {
      if (dataDir == null) {
        throw new IllegalArgumentException("storage 'sqlite' needs a data directory");
      }
      return SqliteStore.open(dataDir);
    }
    if (s.startsWith(ETCD_SCHEME)) {
      String endpoints = s.substring(ETCD_SCHEME.length());
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException(usage("'" + spec + "' lists no etcd endpoint"));
      }
      return EtcdStore.connect(endpoints);
    }
    throw new IllegalArgumentException(usage("unknown storage '" + spec + "'"));
  }

  private static String usage(String problem) {
    return problem + ": use memory, sqlite or etcd://HOST:PORT[,HOST:PORT...]";
  }
}
