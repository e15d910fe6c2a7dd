package keelson.storage.etcd;

import io.etcd.jetcd.common.exception.CompactedException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import keelson.storage.StorageException;

/** Translates jetcd failures into the storage SPI's exceptions. */
final class EtcdErrors {
  // etcd's wording (mvcc.ErrCompacted and mvcc.ErrFutureRev); the gRPC code alone is ambiguous.
  private static final String COMPACTED = "required revision has been compacted";
  private static final String FUTURE = "required revision is a future revision";

  private EtcdErrors() {}

  /**
   * Returns the exception to throw for a failed request.
   *
   * @param requested the revision the request read at, for a compaction error
   * @param knownCompactRevision the newest compaction point this client knows of
   */
  static RuntimeException translate(Throwable failure, long requested, long knownCompactRevision) {
    Throwable cause = unwrap(failure);
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof CompactedException c) {
        return new keelson.storage.CompactedException(requested, c.getCompactedRevision());
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains(COMPACTED)) {
        return new keelson.storage.CompactedException(
            requested, Math.max(knownCompactRevision, requested + 1));
      }
      if (message.contains(FUTURE)) {
        return new IllegalArgumentException("revision " + requested + " is in the future");
      }
    }
    if (cause instanceof TimeoutException) {
      return new StorageException("etcd request timed out", cause);
    }
    return new StorageException("etcd request failed: " + cause.getMessage(), cause);
  }

  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
