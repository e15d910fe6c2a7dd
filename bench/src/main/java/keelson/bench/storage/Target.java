package keelson.bench.storage;

/** Something the benchmark writes to and reads from: a store through the SPI, or raw etcd. */
interface Target extends AutoCloseable {
  String name();

  /** Writes a key that does not exist yet; returns after the write is acknowledged. */
  void write(String key, byte[] value) throws Exception;

  /** Reads a key back. */
  void read(String key) throws Exception;

  @Override
  void close();
}
