package keelson.storage;

/**
 * The result of a delete.
 *
 * @param previous the key as it was just before deletion
 * @param revision the revision of the deletion
 */
public record Deleted(KeyValue previous, long revision) {}
