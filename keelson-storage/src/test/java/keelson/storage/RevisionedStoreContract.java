package keelson.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RevisionedStore} must show, written once and run against each backend
 * (as Kubernetes runs {@code store_tests.go} against every storage implementation).
 *
 * <p>A subclass opens a store per test. The store may be shared with earlier tests (a real etcd):
 * every test works under its own key prefix and counts revisions from where the store stood when
 * it began, and no other client may write to the store while a test runs.
 */
public abstract class RevisionedStoreContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(20);

  protected RevisionedStore store;
  /** This test's key prefix, ending in a slash. */
  protected String p;
  /** The store's revision when this test began. */
  protected long base;

  /** Opens the store under test; it is closed after the test. */
  protected abstract RevisionedStore openStore() throws Exception;

  /** How many threads × increments the lost-update test runs; a networked store may want fewer. */
  protected int[] concurrentIncrements() {
    return new int[] {8, 40};
  }

  @BeforeEach
  void openForTest() throws Exception {
    store = openStore();
    p = "/contract/" + ProcessHandle.current().pid() + "-" + TESTS.incrementAndGet() + "/";
    base = store.currentRevision();
  }

  @AfterEach
  void closeAfterTest() {
    store.close();
  }

  // ---- revisions and writes ------------------------------------------------------------------

  @Test
  void revisionsGrowByOnePerWrite() {
    KeyValue created = store.create(p + "a", bytes("1"));
    assertThat(created.createRevision()).isEqualTo(base + 1);
    assertThat(created.modRevision()).isEqualTo(base + 1);

    KeyValue updated = store.update(p + "a", bytes("2"), created.modRevision());
    assertThat(updated.modRevision()).isEqualTo(base + 2);
    assertThat(updated.createRevision()).isEqualTo(base + 1);

    KeyValue other = store.create(p + "b", bytes("x"));
    assertThat(other.modRevision()).isEqualTo(base + 3);

    Deleted deleted = store.delete(p + "a", updated.modRevision());
    assertThat(deleted.revision()).isEqualTo(base + 4);
    assertThat(deleted.previous().modRevision()).isEqualTo(base + 2);
    assertThat(text(deleted.previous().value())).isEqualTo("2");
    assertThat(store.currentRevision()).isEqualTo(base + 4);
  }

  @Test
  void getReturnsTheLatestValueOrNothing() {
    assertThat(store.get(p + "missing")).isEmpty();
    KeyValue created = store.create(p + "k", bytes("v1"));
    store.update(p + "k", bytes("v2"), created.modRevision());
    Optional<KeyValue> got = store.get(p + "k");
    assertThat(got).isPresent();
    assertThat(text(got.get().value())).isEqualTo("v2");
    assertThat(got.get().createRevision()).isEqualTo(created.createRevision());
    assertThat(got.get().modRevision()).isEqualTo(base + 2);
  }

  @Test
  void createOfAnExistingKeyFailsAndReportsIt() {
    store.create(p + "k", bytes("first"));
    assertThatThrownBy(() -> store.create(p + "k", bytes("second")))
        .isInstanceOfSatisfying(
            KeyExistsException.class,
            e -> assertThat(text(e.existing().value())).isEqualTo("first"));
    assertThat(store.currentRevision()).isEqualTo(base + 1);
  }

  @Test
  void createAfterDeleteStartsANewIncarnation() {
    KeyValue first = store.create(p + "k", bytes("1"));
    store.delete(p + "k", first.modRevision());
    KeyValue second = store.create(p + "k", bytes("2"));
    assertThat(second.createRevision()).isEqualTo(base + 3);
  }

  @Test
  void updateWithAStaleModRevisionConflicts() {
    KeyValue v1 = store.create(p + "k", bytes("1"));
    KeyValue v2 = store.update(p + "k", bytes("2"), v1.modRevision());
    assertThatThrownBy(() -> store.update(p + "k", bytes("3"), v1.modRevision()))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.key()).isEqualTo(p + "k");
              assertThat(e.current().modRevision()).isEqualTo(v2.modRevision());
              assertThat(text(e.current().value())).isEqualTo("2");
            });
    assertThatThrownBy(() -> store.delete(p + "k", v1.modRevision()))
        .isInstanceOf(ConflictException.class);
    assertThat(store.currentRevision()).isEqualTo(base + 2);
  }

  @Test
  void writesToADeletedOrMissingKeyConflict() {
    KeyValue v1 = store.create(p + "k", bytes("1"));
    store.delete(p + "k", v1.modRevision());
    assertThatThrownBy(() -> store.update(p + "k", bytes("2"), v1.modRevision()))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.current()).isNull());
    assertThatThrownBy(() -> store.delete(p + "k", v1.modRevision()))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.delete(p + "k", 0)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.update(p + "never", bytes("x"), 0))
        .isInstanceOf(ConflictException.class);
    assertThat(store.get(p + "never")).isEmpty();
    assertThat(store.currentRevision()).isEqualTo(base + 2);
  }

  @Test
  void deleteWithoutExpectedRevisionDeletesWhateverIsThere() {
    KeyValue v1 = store.create(p + "k", bytes("1"));
    store.update(p + "k", bytes("2"), v1.modRevision());
    Deleted deleted = store.delete(p + "k", 0);
    assertThat(deleted.revision()).isEqualTo(base + 3);
    assertThat(text(deleted.previous().value())).isEqualTo("2");
    assertThat(store.get(p + "k")).isEmpty();
  }

  @Test
  void concurrentCompareAndSwapIncrementsLoseNoUpdate() throws Exception {
    int threads = concurrentIncrements()[0];
    int perThread = concurrentIncrements()[1];
    String key = p + "counter";
    store.create(key, bytes("0"));
    AtomicInteger conflicts = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    KeyValue current = store.get(key).orElseThrow();
                    while (true) {
                      int next = Integer.parseInt(text(current.value())) + 1;
                      try {
                        store.update(key, bytes(Integer.toString(next)), current.modRevision());
                        break;
                      } catch (ConflictException e) {
                        conflicts.incrementAndGet();
                        current = e.current();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    }
    int total = threads * perThread;
    assertThat(text(store.get(key).orElseThrow().value())).isEqualTo(Integer.toString(total));
    assertThat(store.currentRevision()).isEqualTo(base + 1 + total);
  }

  // ---- range ---------------------------------------------------------------------------------

  @Test
  void rangeReturnsKeysInByteOrderWithinThePrefixOnly() {
    for (String k : List.of("a/bc", "a/b/y", "a/b", "a/b/x", "a/c", "b")) {
      store.create(p + k, bytes(k));
    }
    store.create("/contract-outside" + p, bytes("elsewhere"));

    assertThat(keys(store.range(p + "a/b/", null, 0, 0))).containsExactly(p + "a/b/x", p + "a/b/y");
    assertThat(keys(store.range(p + "a/b", null, 0, 0)))
        .containsExactly(p + "a/b", p + "a/b/x", p + "a/b/y", p + "a/bc");
    RangeResult all = store.range(p, null, 0, 0);
    assertThat(keys(all))
        .containsExactly(p + "a/b", p + "a/b/x", p + "a/b/y", p + "a/bc", p + "a/c", p + "b");
    assertThat(all.count()).isEqualTo(6);
    assertThat(all.more()).isFalse();
    assertThat(all.revision()).isEqualTo(store.currentRevision());
    assertThat(store.range(p + "zz/", null, 0, 0).items()).isEmpty();
  }

  @Test
  void rangeLeavesOutDeletedKeys() {
    KeyValue a = store.create(p + "a", bytes("a"));
    store.create(p + "b", bytes("b"));
    store.delete(p + "a", a.modRevision());
    RangeResult r = store.range(p, null, 0, 0);
    assertThat(keys(r)).containsExactly(p + "b");
    assertThat(r.count()).isEqualTo(1);
  }

  @Test
  void paginationStaysAtTheFirstPagesRevisionWhileOthersWrite() {
    List<String> original = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String key = p + "item-" + i;
      store.create(key, bytes("v" + i));
      original.add(key);
    }
    RangeResult first = store.range(p, null, 3, 0);
    assertThat(keys(first)).containsExactlyElementsOf(original.subList(0, 3));
    assertThat(first.more()).isTrue();
    assertThat(first.count()).isEqualTo(10);

    // Others write between pages: a delete, an update, and new keys on both sides.
    KeyValue five = store.get(p + "item-5").orElseThrow();
    store.delete(p + "item-5", five.modRevision());
    KeyValue four = store.get(p + "item-4").orElseThrow();
    store.update(p + "item-4", bytes("changed"), four.modRevision());
    store.create(p + "item-45", bytes("new"));
    store.create(p + "item-99", bytes("new"));

    List<KeyValue> seen = new ArrayList<>(first.items());
    RangeResult page = first;
    while (page.more()) {
      page = store.range(p, seen.getLast().key(), 3, first.revision());
      assertThat(page.revision()).isEqualTo(first.revision());
      assertThat(page.count()).isEqualTo(10);
      seen.addAll(page.items());
    }
    assertThat(seen.stream().map(KeyValue::key).toList()).containsExactlyElementsOf(original);
    assertThat(seen)
        .allSatisfy(kv -> assertThat(text(kv.value())).isEqualTo("v" + kv.key().substring(kv.key().lastIndexOf('-') + 1)));

    RangeResult now = store.range(p, null, 0, 0);
    assertThat(now.count()).isEqualTo(11);
  }

  @Test
  void rangeAtAPastRevisionSeesThatSnapshot() {
    KeyValue v1 = store.create(p + "k", bytes("1"));
    KeyValue v2 = store.update(p + "k", bytes("2"), v1.modRevision());
    Deleted gone = store.delete(p + "k", v2.modRevision());
    store.create(p + "later", bytes("x"));

    assertThat(values(store.range(p, null, 0, v1.modRevision()))).containsExactly("1");
    assertThat(values(store.range(p, null, 0, v2.modRevision()))).containsExactly("2");
    assertThat(store.range(p, null, 0, gone.revision()).items()).isEmpty();
    RangeResult before = store.range(p, null, 0, v1.modRevision());
    assertThat(before.revision()).isEqualTo(v1.modRevision());
    assertThat(before.items().getFirst().modRevision()).isEqualTo(v1.modRevision());
    assertThat(keys(store.range(p, null, 0, 0))).containsExactly(p + "later");
  }

  @Test
  void rangeAtAFutureRevisionIsRejected() {
    store.create(p + "k", bytes("1"));
    long future = store.currentRevision() + 1000;
    assertThatThrownBy(() -> store.range(p, null, 0, future))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- watch ---------------------------------------------------------------------------------

  @Test
  void watchDeliversChangesInOrderWithThePreviousValue() {
    RecordingListener listener = new RecordingListener();
    try (Watch ignored = store.watch(p, base, listener)) {
      KeyValue v1 = store.create(p + "k", bytes("1"));
      KeyValue v2 = store.update(p + "k", bytes("2"), v1.modRevision());
      store.create("/contract-outside" + p, bytes("not watched"));
      store.delete(p + "k", v2.modRevision());

      await().atMost(WAIT).until(() -> listener.events().size() >= 3);
      List<WatchEvent> events = listener.events();
      assertThat(events).hasSize(3);
      assertThat(listener.revisions()).containsExactly(base + 1, base + 2, base + 4);

      WatchEvent create = events.get(0);
      assertThat(create.type()).isEqualTo(WatchEvent.Type.PUT);
      assertThat(text(create.kv().value())).isEqualTo("1");
      assertThat(create.prevKv()).isNull();

      WatchEvent update = events.get(1);
      assertThat(update.type()).isEqualTo(WatchEvent.Type.PUT);
      assertThat(text(update.kv().value())).isEqualTo("2");
      assertThat(update.kv().createRevision()).isEqualTo(base + 1);
      assertThat(text(update.prevKv().value())).isEqualTo("1");
      assertThat(update.prevKv().modRevision()).isEqualTo(base + 1);

      WatchEvent delete = events.get(2);
      assertThat(delete.type()).isEqualTo(WatchEvent.Type.DELETE);
      assertThat(delete.kv().key()).isEqualTo(p + "k");
      assertThat(delete.kv().modRevision()).isEqualTo(base + 4);
      assertThat(text(delete.kv().value())).isEqualTo("2");
      assertThat(text(delete.prevKv().value())).isEqualTo("2");
      assertThat(delete.prevKv().modRevision()).isEqualTo(base + 2);
      assertThat(listener.sawConcurrentDelivery()).isFalse();
    }
  }

  @Test
  void watchResumesFromAnyRevisionWithoutGapOrDuplicate() {
    List<Long> written = new ArrayList<>();
    KeyValue counter = store.create(p + "counter", bytes("0"));
    written.add(counter.modRevision());
    for (int i = 1; i <= 20; i++) {
      counter = store.update(p + "counter", bytes(Integer.toString(i)), counter.modRevision());
      written.add(counter.modRevision());
      if (i % 5 == 0) {
        written.add(store.create(p + "other-" + i, bytes("x")).modRevision());
      }
    }
    for (long after : List.of(base, base + 1, base + 7, base + 18, written.getLast() - 1, written.getLast())) {
      RecordingListener listener = new RecordingListener();
      List<Long> expected = written.stream().filter(r -> r > after).toList();
      try (Watch ignored = store.watch(p, after, listener)) {
        await().atMost(WAIT).until(() -> listener.events().size() >= expected.size());
        assertThat(listener.revisions()).as("watch after %d", after).isEqualTo(expected);
      }
    }
  }

  @Test
  void watchStartedWhileWritesRaceMissesNothingAndRepeatsNothing() throws Exception {
    ConcurrentLinkedQueue<Long> written = new ConcurrentLinkedQueue<>();
    CountDownLatch started = new CountDownLatch(1);
    int writes = 150;
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < writes; i++) {
                    written.add(store.create(p + "race-" + i, bytes("v")).modRevision());
                    if (i == 20) {
                      started.countDown();
                    }
                  }
                });
    started.await(30, TimeUnit.SECONDS);
    List<RecordingListener> listeners = new ArrayList<>();
    List<Long> startPoints = new ArrayList<>();
    List<Watch> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long after = store.currentRevision();
      RecordingListener listener = new RecordingListener();
      open.add(store.watch(p, after, listener));
      listeners.add(listener);
      startPoints.add(after);
      Thread.onSpinWait();
    }
    writer.join(TimeUnit.MINUTES.toMillis(2));
    assertThat(written).hasSize(writes);
    try {
      for (int i = 0; i < listeners.size(); i++) {
        long after = startPoints.get(i);
        List<Long> expected = written.stream().filter(r -> r > after).sorted().toList();
        RecordingListener listener = listeners.get(i);
        await().atMost(WAIT).until(() -> listener.events().size() >= expected.size());
        assertThat(listener.revisions()).as("watch after %d", after).isEqualTo(expected);
        assertThat(listener.sawConcurrentDelivery()).isFalse();
      }
    } finally {
      open.forEach(Watch::close);
    }
  }

  @Test
  void closedWatchGetsNoMoreEvents() throws Exception {
    RecordingListener listener = new RecordingListener();
    Watch watch = store.watch(p, base, listener);
    store.create(p + "a", bytes("1"));
    await().atMost(WAIT).until(() -> listener.events().size() == 1);
    watch.close();
    watch.close();
    store.create(p + "b", bytes("2"));
    // A change after close has nowhere to go; give a wrong delivery time to show up.
    Thread.sleep(300);
    assertThat(listener.events()).hasSize(1);
    assertThat(listener.isClosed()).isFalse();
  }

  // ---- compaction ----------------------------------------------------------------------------

  @Test
  void compactedRevisionsFailOnRangeAndWatch() {
    KeyValue kept = store.create(p + "kept", bytes("old"));
    KeyValue k = store.create(p + "k", bytes("0"));
    for (int i = 1; i <= 4; i++) {
      k = store.update(p + "k", bytes(Integer.toString(i)), k.modRevision());
    }
    KeyValue doomed = store.create(p + "doomed", bytes("x"));
    store.delete(p + "doomed", doomed.modRevision());
    long at = k.modRevision();
    store.compact(at);
    assertThat(store.compactRevision()).isGreaterThanOrEqualTo(at);

    assertThatThrownBy(() -> store.range(p, null, 0, at - 1))
        .isInstanceOfSatisfying(
            CompactedException.class, e -> assertThat(e.compactRevision()).isGreaterThanOrEqualTo(at));
    assertThatThrownBy(() -> store.watch(p, at - 2, new RecordingListener()))
        .isInstanceOf(CompactedException.class);

    // The compaction point itself stays readable, and current values survive.
    assertThat(values(store.range(p, null, 0, at))).containsExactly("4", "old");
    assertThat(text(store.get(p + "kept").orElseThrow().value())).isEqualTo("old");
    assertThat(store.get(p + "kept").orElseThrow().modRevision()).isEqualTo(kept.modRevision());
    assertThat(keys(store.range(p, null, 0, 0))).containsExactly(p + "k", p + "kept");

    // A watch may start at the compaction point, as in etcd, and continue into new writes.
    RecordingListener listener = new RecordingListener();
    try (Watch ignored = store.watch(p, at - 1, listener)) {
      KeyValue next = store.update(p + "k", bytes("5"), k.modRevision());
      List<Long> expected =
          LongStream.rangeClosed(at, next.modRevision()).boxed().toList();
      await().atMost(WAIT).until(() -> listener.events().size() >= expected.size());
      assertThat(listener.revisions()).isEqualTo(expected);
      assertThat(text(listener.events().getFirst().kv().value())).isEqualTo("4");
      assertThat(text(listener.events().getLast().prevKv().value())).isEqualTo("4");
    }
    // Compacting at or below the current point again is harmless.
    store.compact(at);
    store.compact(at - 1);
  }

  @Test
  void writesContinueAfterCompactionWithTheNextRevision() {
    KeyValue a = store.create(p + "a", bytes("1"));
    store.delete(p + "a", a.modRevision());
    long at = store.currentRevision();
    store.compact(at);
    KeyValue again = store.create(p + "a", bytes("2"));
    assertThat(again.modRevision()).isEqualTo(at + 1);
    assertThat(again.createRevision()).isEqualTo(at + 1);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  @Test
  void closingTheStoreEndsItsWatches() {
    RecordingListener listener = new RecordingListener();
    store.watch(p, base, listener);
    store.create(p + "a", bytes("1"));
    await().atMost(WAIT).until(() -> listener.events().size() == 1);
    store.close();
    await().atMost(WAIT).until(listener::isClosed);
    assertThat(listener.closeCause()).isNull();
    assertThatThrownBy(() -> store.create(p + "b", bytes("2"))).isInstanceOf(StorageException.class);
    store.close();
  }

  // ---- helpers -------------------------------------------------------------------------------

  protected static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  protected static String text(byte[] b) {
    return new String(b, UTF_8);
  }

  protected static List<String> keys(RangeResult r) {
    return r.items().stream().map(KeyValue::key).toList();
  }

  protected static List<String> values(RangeResult r) {
    return r.items().stream().map(kv -> text(kv.value())).toList();
  }

  /** Returns how long tests wait for asynchronous deliveries. */
  protected static Duration waitLimit() {
    return WAIT;
  }

  /** Returns a counter shared by tests that need unique names. */
  protected static long unique() {
    return UNIQUE.incrementAndGet();
  }

  private static final AtomicLong UNIQUE = new AtomicLong();
}
