package keelson.bench.storage;

import keelson.storage.RevisionedStore;

/** A backend measured through the storage SPI: a write is {@code create}, a read is {@code get}. */
record StoreTarget(String name, RevisionedStore store) implements Target {
  @Override
  public void write(String key, byte[] value) {
    store.create(key, value);
  }

  @Override
  public void read(String key) {
    if (store.get(key).isEmpty()) {
      throw new IllegalStateException("missing " + key);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
