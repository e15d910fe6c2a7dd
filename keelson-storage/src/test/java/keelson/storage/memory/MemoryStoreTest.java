package keelson.storage.memory;

import keelson.storage.RevisionedStore;
import keelson.storage.RevisionedStoreContract;

class MemoryStoreTest extends RevisionedStoreContract {
  @Override
  protected RevisionedStore openStore() {
    return new MemoryStore();
  }
}
