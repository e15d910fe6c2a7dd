package keelson.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keelson.storage.KeyValue;
import keelson.storage.RevisionedStore;
import keelson.storage.RevisionedStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends RevisionedStoreContract {
  @TempDir Path dataDir;

  @Override
  protected RevisionedStore openStore() {
    return SqliteStore.open(dataDir);
  }

  @Test
  void keepsOneFileNamedKeelsonDbInTheDataDirectory() {
    store.create(p + "a", bytes("1"));
    assertThat(Files.exists(dataDir.resolve("keelson.db"))).isTrue();
  }

  @Test
  void reopeningKeepsValuesHistoryAndRevision() {
    KeyValue v1 = store.create(p + "k", bytes("1"));
    KeyValue v2 = store.update(p + "k", bytes("2"), v1.modRevision());
    store.close();

    store = SqliteStore.open(dataDir);
    assertThat(store.currentRevision()).isEqualTo(v2.modRevision());
    assertThat(text(store.get(p + "k").orElseThrow().value())).isEqualTo("2");
    assertThat(values(store.range(p, null, 0, v1.modRevision()))).containsExactly("1");
    // The compare-and-swap state was rebuilt from the file.
    KeyValue v3 = store.update(p + "k", bytes("3"), v2.modRevision());
    assertThat(v3.modRevision()).isEqualTo(v2.modRevision() + 1);
    assertThat(v3.createRevision()).isEqualTo(v1.createRevision());
  }

  @Test
  void revisionNeverGoesBackwardsAfterCompactionRemovedRows() {
    KeyValue a = store.create(p + "a", bytes("1"));
    KeyValue b = store.create(p + "b", bytes("1"));
    store.delete(p + "a", a.modRevision());
    store.delete(p + "b", b.modRevision());
    long last = store.currentRevision();
    store.compact(last);
    store.close();

    store = SqliteStore.open(dataDir);
    assertThat(store.currentRevision()).isEqualTo(last);
    assertThat(store.compactRevision()).isEqualTo(last);
    assertThat(store.create(p + "c", bytes("1")).modRevision()).isEqualTo(last + 1);
  }

  @Test
  void concurrentWritersAreAllAcknowledgedWithDistinctRevisions() throws Exception {
    int threads = 16;
    int perThread = 50;
    List<Future<List<Long>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  List<Long> revisions = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    revisions.add(store.create(p + thread + "/" + i, bytes("v")).modRevision());
                  }
                  return revisions;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : results) {
        all.addAll(f.get());
      }
      assertThat(all).doesNotHaveDuplicates().hasSize(threads * perThread);
      assertThat(all).allSatisfy(r -> assertThat(r).isBetween(base + 1, base + threads * perThread));
    }
    assertThat(store.range(p, null, 0, 0).count()).isEqualTo(threads * perThread);
  }
}
