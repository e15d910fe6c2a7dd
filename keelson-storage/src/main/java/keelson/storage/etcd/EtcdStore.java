package keelson.storage.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import keelson.storage.ConflictException;
import keelson.storage.Deleted;
import keelson.storage.KeyExistsException;
import keelson.storage.KeyValue;
import keelson.storage.RangeResult;
import keelson.storage.RevisionedStore;
import keelson.storage.StorageException;
import keelson.storage.Watch;
import keelson.storage.WatchListener;
import keelson.storage.internal.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A revisioned store backed by an etcd v3 cluster. Keys are stored verbatim, so the data is laid
 * out as kube-apiserver lays it out; the guarded writes are the transactions it sends.
 *
 * <p>etcd does not report its compaction point, so {@link #compactRevision} is the newest one this
 * client has caused or been told of by a failed watch.
 */
public final class EtcdStore implements RevisionedStore {
  private static final Logger log = LoggerFactory.getLogger(EtcdStore.class);
  private static final long TIMEOUT_SECONDS = 30;
  // etcd reads a range end of "\0" as "every key from the start key on".
  private static final ByteSequence NO_END = ByteSequence.from(new byte[] {0});

  private final String endpoints;
  private final Client client;
  private final KV kv;
  private final AtomicLong knownCompactRevision = new AtomicLong();
  private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private EtcdStore(String endpoints, Client client) {
    this.endpoints = endpoints;
    this.client = client;
    this.kv = client.getKVClient();
  }

  /**
   * Connects to etcd at {@code host:port[,host:port...]} (plain HTTP) and checks that it answers.
   *
   * @throws IllegalArgumentException if the endpoint list is malformed
   * @throws StorageException if etcd does not answer
   */
  public static EtcdStore connect(String endpoints) {
    List<String> urls = new ArrayList<>();
    for (String endpoint : endpoints.split(",")) {
      String e = endpoint.trim();
      int colon = e.lastIndexOf(':');
      if (colon <= 0 || colon == e.length() - 1 || !e.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(
            "etcd endpoint '" + e + "' is not host:port (in '" + endpoints + "')");
      }
      urls.add("http://" + e);
    }
    Client client = Client.builder().endpoints(urls.toArray(String[]::new)).build();
    EtcdStore store = new EtcdStore(endpoints, client);
    try {
      long revision = store.currentRevision();
      log.atInfo()
          .setMessage("connected to etcd")
          .addKeyValue("endpoints", endpoints)
          .addKeyValue("revision", revision)
          .log();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return store;
  }

  @Override
  public long currentRevision() {
    GetResponse r = await(kv.get(bytes("\0"), GetOption.builder().withCountOnly(true).build()), 0);
    return r.getHeader().getRevision();
  }

  @Override
  public long compactRevision() {
    return knownCompactRevision.get();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    GetResponse r = await(kv.get(bytes(key)), 0);
    return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(toKeyValue(r.getKvs().getFirst()));
  }

  @Override
  public RangeResult range(String prefix, String startAfter, int limit, long revision) {
    boolean after = startAfter != null && Keys.compareUtf8(startAfter, prefix) >= 0;
    // The smallest key greater than startAfter is startAfter followed by a zero byte.
    ByteSequence from = bytes(after ? startAfter + "\0" : (prefix.isEmpty() ? "\0" : prefix));
    GetOption.Builder option = GetOption.builder().withRange(end(prefix)).withRevision(revision);
    if (limit > 0) {
      option.withLimit(limit);
    }
    GetResponse r = await(kv.get(from, option.build()), revision);
    long at = revision == 0 ? r.getHeader().getRevision() : revision;
    List<KeyValue> items = new ArrayList<>(r.getKvs().size());
    for (io.etcd.jetcd.KeyValue item : r.getKvs()) {
      items.add(toKeyValue(item));
    }
    long count = r.getCount();
    if (after) {
      // etcd counts from the start key; the SPI promises the whole prefix.
      GetResponse total =
          await(
              kv.get(
                  bytes(prefix.isEmpty() ? "\0" : prefix),
                  GetOption.builder().withRange(end(prefix)).withRevision(at).withCountOnly(true).build()),
              at);
      count = total.getCount();
    }
    return new RangeResult(List.copyOf(items), at, r.isMore(), count);
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    ByteSequence k = bytes(key);
    TxnResponse r =
        await(
            kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(),
            0);
    if (!r.isSucceeded()) {
      KeyValue existing = firstOf(r);
      if (existing == null) {
        // Deleted between the compare and the get: report it as a conflict of the same key.
        throw new ConflictException(key, null);
      }
      throw new KeyExistsException(existing);
    }
    long revision = r.getHeader().getRevision();
    return new KeyValue(key, value.clone(), revision, revision);
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedModRevision) {
    if (expectedModRevision <= 0) {
      // etcd would read mod_revision 0 as "absent" and create the key.
      throw new ConflictException(key, get(key).orElse(null));
    }
    ByteSequence k = bytes(key);
    TxnResponse r =
        await(
            kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(),
            0);
    if (!r.isSucceeded()) {
      throw new ConflictException(key, firstOf(r));
    }
    long createRevision = r.getPutResponses().getFirst().getPrevKv().getCreateRevision();
    return new KeyValue(key, value.clone(), createRevision, r.getHeader().getRevision());
  }

  @Override
  public Deleted delete(String key, long expectedModRevision) {
    ByteSequence k = bytes(key);
    DeleteOption withPrev = DeleteOption.builder().withPrevKV(true).build();
    if (expectedModRevision == 0) {
      var r = await(kv.delete(k, withPrev), 0);
      if (r.getPrevKvs().isEmpty()) {
        throw new ConflictException(key, null);
      }
      return new Deleted(toKeyValue(r.getPrevKvs().getFirst()), r.getHeader().getRevision());
    }
    TxnResponse r =
        await(
            kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.delete(k, withPrev))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(),
            0);
    if (!r.isSucceeded()) {
      throw new ConflictException(key, firstOf(r));
    }
    var deleted = r.getDeleteResponses().getFirst();
    return new Deleted(toKeyValue(deleted.getPrevKvs().getFirst()), r.getHeader().getRevision());
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    ensureOpen();
    long start = afterRevision + 1;
    if (start <= currentRevision()) {
      // etcd reports a compacted watch start asynchronously; a count-only read at the same
      // revision fails the same way, so the caller hears it here, as the SPI promises.
      await(
          kv.get(
              bytes(prefix.isEmpty() ? "\0" : prefix),
              GetOption.builder().withRange(end(prefix)).withRevision(start).withCountOnly(true).build()),
          start);
    }
    EtcdWatch watch =
        new EtcdWatch(
            prefix, afterRevision, listener, watches::remove, this::observeCompaction);
    watches.add(watch);
    WatchOption option =
        WatchOption.builder().withRange(end(prefix)).withRevision(start).withPrevKV(true).build();
    watch.attach(client.getWatchClient().watch(bytes(prefix.isEmpty() ? "\0" : prefix), option, watch));
    return watch;
  }

  @Override
  public void compact(long revision) {
    if (revision <= knownCompactRevision.get()) {
      return;
    }
    try {
      await(kv.compact(revision), revision);
    } catch (keelson.storage.CompactedException e) {
      // Someone compacted at or past this revision already: the goal is met.
      observeCompaction(e.compactRevision());
      return;
    }
    observeCompaction(revision);
    log.atInfo().setMessage("compacted etcd").addKeyValue("compactRevision", revision).log();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (EtcdWatch watch : watches) {
      watch.end();
    }
    watches.clear();
    client.close();
    log.atInfo().setMessage("disconnected from etcd").addKeyValue("endpoints", endpoints).log();
  }

  static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
    return new KeyValue(
        kv.getKey().toString(StandardCharsets.UTF_8),
        kv.getValue().getBytes(),
        kv.getCreateRevision(),
        kv.getModRevision());
  }

  private void observeCompaction(long revision) {
    knownCompactRevision.accumulateAndGet(revision, Math::max);
  }

  private static KeyValue firstOf(TxnResponse r) {
    List<io.etcd.jetcd.KeyValue> kvs = r.getGetResponses().getFirst().getKvs();
    return kvs.isEmpty() ? null : toKeyValue(kvs.getFirst());
  }

  private static ByteSequence end(String prefix) {
    String end = Keys.prefixEnd(prefix);
    return end == null ? NO_END : bytes(end);
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private <T> T await(CompletableFuture<T> future, long requestedRevision) {
    ensureOpen();
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted waiting for etcd");
    } catch (Exception e) {
      RuntimeException translated =
          EtcdErrors.translate(e, requestedRevision, knownCompactRevision.get());
      if (translated instanceof keelson.storage.CompactedException c) {
        observeCompaction(c.compactRevision());
      }
      throw translated;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("store is closed");
    }
  }
}
