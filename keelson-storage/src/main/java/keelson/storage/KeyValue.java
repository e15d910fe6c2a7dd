package keelson.storage;

/**
 * One key at one revision.
 *
 * @param key the full key, for example {@code /registry/pods/default/web-0}
 * @param value the stored bytes; for a deletion event, the value the key had before it was deleted
 * @param createRevision the revision that created this incarnation of the key
 * @param modRevision the revision of the last change (for a deletion event: the deleting revision)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {}
