package keelson.storage;

/**
 * A change seen by a watch.
 *
 * @param type whether the key was written or deleted
 * @param kv the key after the change; for {@link Type#DELETE} its {@code value} is the last value
 *     before deletion and its {@code modRevision} the deleting revision
 * @param prevKv the key before the change, or null when it did not exist (a create)
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {

  /** The kind of change. */
  public enum Type {
    PUT,
    DELETE
  }

  /** Returns the revision at which this change happened. */
  public long revision() {
    return kv.modRevision();
  }
}
