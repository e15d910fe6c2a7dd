package keelson.apiserver.watch;

import keelson.apiserver.rest.RegistryStore.CurrentObjects;
import keelson.storage.KeyValue;

/**
 * The watch cache as the copy an update starts from ({@link CurrentObjects}): the cached JSON and
 * revision of the key, saving the storage read; the registry checks again against storage whatever
 * a stale copy could decide.
 */
public final class CachedCurrentObjects implements CurrentObjects {
  private final WatchCache cache;

  public CachedCurrentObjects(WatchCache cache) {
    this.cache = cache;
  }

  @Override
  public KeyValue current(String key) {
    CachedObject object = cache.get(key);
    return object == null ? null : new KeyValue(key, object.json(), 0, object.revision());
  }
}
