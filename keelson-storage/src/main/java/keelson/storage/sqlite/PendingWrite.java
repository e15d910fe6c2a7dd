package keelson.storage.sqlite;

import java.util.concurrent.CompletableFuture;

/** A write waiting in the group-commit queue, with the future its caller waits on. */
sealed interface PendingWrite {
  CompletableFuture<Object> done();

  record Create(String key, byte[] value, CompletableFuture<Object> done) implements PendingWrite {}

  record Update(String key, byte[] value, long expectedModRevision, CompletableFuture<Object> done)
      implements PendingWrite {}

  /** A delete; {@code expectedModRevision == 0} deletes whatever is there. */
  record Delete(String key, long expectedModRevision, CompletableFuture<Object> done)
      implements PendingWrite {}

  record Compact(long revision, CompletableFuture<Object> done) implements PendingWrite {}
}
