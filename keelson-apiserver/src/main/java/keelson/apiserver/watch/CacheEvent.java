package keelson.apiserver.watch;

/**
 * A change as watchers see it.
 *
 * @param type ADDED, MODIFIED or DELETED
 * @param object the object after the change; for DELETED its last state, stamped with the deleting
 *     revision as kube-apiserver does
 * @param previous the object before the change, or null for ADDED
 */
public record CacheEvent(Type type, CachedObject object, CachedObject previous) {

  /** The watch event types of the Kubernetes API (BOOKMARK and ERROR are written by the stream). */
  public enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }

  /** Returns the revision of this change. */
  public long revision() {
    return object.revision();
  }
}
