package keelson.storage;

/** A read or watch asked for a revision older than the compaction point. */
public class CompactedException extends StorageException {
  private final long requested;
  private final long compactRevision;

  public CompactedException(long requested, long compactRevision) {
    super("revision " + requested + " has been compacted (oldest readable is " + compactRevision + ")");
    this.requested = requested;
    this.compactRevision = compactRevision;
  }

  public long requested() {
    return requested;
  }

  /** Returns the compaction point: revisions at or below it (other than itself) are unreadable. */
  public long compactRevision() {
    return compactRevision;
  }
}
