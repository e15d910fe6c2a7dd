package keelson.apiserver.testing;

import java.util.Optional;
import keelson.storage.Deleted;
import keelson.storage.KeyValue;
import keelson.storage.RangeResult;
import keelson.storage.RevisionedStore;
import keelson.storage.Watch;
import keelson.storage.WatchListener;

/**
 * A store that forwards every call to another, for tests that watch or interfere with one of them.
 * Closing it leaves the other open: that store belongs to the test.
 */
public class ForwardingStore implements RevisionedStore {
  private final RevisionedStore delegate;

  public ForwardingStore(RevisionedStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public long currentRevision() {
    return delegate.currentRevision();
  }

  @Override
  public long compactRevision() {
    return delegate.compactRevision();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return delegate.get(key);
  }

  @Override
  public RangeResult range(String prefix, String startAfter, int limit, long revision) {
    return delegate.range(prefix, startAfter, limit, revision);
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    return delegate.create(key, value);
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    return delegate.update(key, value, expectedModRevision);
  }

  @Override
  public Deleted delete(String key, long expectedModRevision) {
    return delegate.delete(key, expectedModRevision);
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    return delegate.watch(prefix, afterRevision, listener);
  }

  @Override
  public void compact(long revision) {
    delegate.compact(revision);
  }

  @Override
  public void close() {}
}
