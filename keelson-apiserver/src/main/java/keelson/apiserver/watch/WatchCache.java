package keelson.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import keelson.api.registry.ResourceType;
import keelson.api.selectors.SelectorAttributes;
import keelson.apiserver.rest.Json;
import keelson.storage.CompactedException;
import keelson.storage.KeyValue;
import keelson.storage.RangeResult;
import keelson.storage.RevisionedStore;
import keelson.storage.Watch;
import keelson.storage.WatchEvent;
import keelson.storage.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors everything under {@code /registry/} in memory from one storage watch.
 *
 * <p>All state changes and watcher registrations happen under this object's monitor, so a new
 * watcher sees exactly the events after its starting revision: no gap, no duplicate. Reads copy
 * what they need under the same monitor and serialize outside it.
 */
public final class WatchCache implements AutoCloseable {
  /** The root of every key the API server writes. */
  public static final String ROOT = "/registry/";

  private static final Logger log = LoggerFactory.getLogger(WatchCache.class);
  private static final int PAGE = 5_000;

  private final RevisionedStore store;
  private final List<ResourceType> typesLongestPrefixFirst;
  private final int historyCapacity;
  private final NavigableMap<String, CachedObject> objects = new TreeMap<>();
  private final ArrayDeque<CacheEvent> history = new ArrayDeque<>();
  private final Map<ResourceType, List<Watcher>> watchers = new ConcurrentHashMap<>();
  private long revision;
  private long oldestResumable;
  private volatile Watch storageWatch;
  private volatile Throwable failure;
  private volatile boolean closed;

  /**
   * Creates a cache over {@code store} for the given kinds.
   *
   * @param historyCapacity how many recent events are kept for watches resuming from a revision
   */
  public WatchCache(RevisionedStore store, List<ResourceType> types, int historyCapacity) {
    this.store = store;
    this.historyCapacity = historyCapacity;
    this.typesLongestPrefixFirst = new ArrayList<>(types);
    typesLongestPrefixFirst.sort(
        Comparator.comparingInt((ResourceType t) -> t.storagePrefix().length()).reversed());
  }

  /** Loads the current state and starts following storage. */
  public void start() {
    long start = store.currentRevision();
    String after = null;
    int loaded = 0;
    synchronized (this) {
      while (true) {
        RangeResult page = store.range(ROOT, after, PAGE, start);
        for (KeyValue kv : page.items()) {
          CachedObject object = decode(kv.key(), kv.value(), kv.modRevision());
          if (object != null) {
            objects.put(kv.key(), object);
            loaded++;
          }
          after = kv.key();
        }
        if (!page.more()) {
          break;
        }
      }
      revision = start;
      oldestResumable = start;
    }
    follow(start);
    log.atInfo().addKeyValue("objects", loaded).addKeyValue("revision", start).log("watch cache loaded");
  }

  /**
   * Follows storage from a revision. When the storage watch breaks (an etcd member died, the
   * connection dropped), it is resumed from the last applied revision, as kube-apiserver's reflector
   * does; if that revision was compacted meanwhile, the cache is reloaded and every watcher is
   * ended so its client re-lists.
   */
  private void follow(long fromRevision) {
    storageWatch = store.watch(ROOT, fromRevision, new WatchListener() {
      @Override
      public void onEvents(List<WatchEvent> events) {
        apply(events);
      }

      @Override
      public void onClose(Throwable cause) {
        if (cause != null && !closed) {
          log.atWarn().addKeyValue("error", cause.toString()).log("storage watch broke; resuming");
          Thread.ofVirtual().name("watch-cache-resume").start(WatchCache.this::resume);
        }
      }
    });
  }

  private void resume() {
    long backoffMillis = 100;
    while (!closed) {
      try {
        long from;
        synchronized (this) {
          from = revision;
        }
        try {
          follow(from);
        } catch (CompactedException e) {
          reload();
        }
        failure = null;
        log.atInfo().addKeyValue("revision", revision()).log("storage watch resumed");
        return;
      } catch (RuntimeException e) {
        failure = e;
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      }
    }
  }

  /** Reloads everything from storage after history was lost; watchers end and re-list. */
  private void reload() {
    long start = store.currentRevision();
    NavigableMap<String, CachedObject> fresh = new TreeMap<>();
    String after = null;
    while (true) {
      RangeResult page = store.range(ROOT, after, PAGE, start);
      for (KeyValue kv : page.items()) {
        CachedObject object = decode(kv.key(), kv.value(), kv.modRevision());
        if (object != null) {
          fresh.put(kv.key(), object);
        }
        after = kv.key();
      }
      if (!page.more()) {
        break;
      }
    }
    synchronized (this) {
      objects.clear();
      objects.putAll(fresh);
      history.clear();
      revision = start;
      oldestResumable = start;
      for (List<Watcher> list : watchers.values()) {
        list.forEach(Watcher::terminate);
      }
      notifyAll();
    }
    log.atWarn().addKeyValue("revision", start).log("watch cache reloaded after losing storage history");
    follow(start);
  }

  /** Returns the revision the cache reflects. */
  public synchronized long revision() {
    return revision;
  }

  /** Returns whether the storage watch has failed (the cache can no longer be trusted). */
  public boolean failed() {
    return failure != null;
  }

  /**
   * Waits until the cache reflects at least {@code wanted}.
   *
   * @return whether it does; false when {@code timeout} passed first
   */
  public synchronized boolean awaitRevision(long wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (revision < wanted) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || failure != null) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Returns the current objects under a storage prefix in key order, with the cache revision. */
  public synchronized Snapshot list(String prefix) {
    List<CachedObject> items = new ArrayList<>(objects.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values());
    return new Snapshot(items, revision);
  }

  /** Returns the cached object at a key, or null. */
  public synchronized CachedObject get(String key) {
    return objects.get(key);
  }

  /**
   * Returns the cached object at a key as storage's key-value (its value carrying its
   * resourceVersion; the create revision, which the cache does not keep, as 0), or null.
   */
  public KeyValue latest(String key) {
    CachedObject object = get(key);
    return object == null ? null : new KeyValue(key, object.json(), 0, object.revision());
  }

  /**
   * Registers a watcher that receives every change after {@code afterRevision}.
   *
   * @param afterRevision the revision to resume after; negative to first receive the current
   *     state as ADDED events (a watch without resourceVersion, or with "0")
   * @throws TooOldException if changes after {@code afterRevision} are no longer all kept
   */
  public synchronized Watcher watch(WatchFilter filter, long afterRevision) {
    Watcher watcher = new Watcher(this, filter);
    if (afterRevision < 0) {
      for (CachedObject object :
          objects.subMap(filter.prefix(), true, filter.prefix() + Character.MAX_VALUE, false).values()) {
        if (object.matches(filter.matches())) {
          watcher.replay(new CacheEvent(CacheEvent.Type.ADDED, object, null));
        }
      }
    } else {
      if (afterRevision < oldestResumable) {
        throw new TooOldException(afterRevision, oldestResumable);
      }
      for (CacheEvent event : history) {
        if (event.revision() > afterRevision && event.object().key().startsWith(filter.prefix())) {
          watcher.offer(event);
        }
      }
    }
    watchers.computeIfAbsent(filter.type(), t -> new CopyOnWriteArrayList<>()).add(watcher);
    return watcher;
  }

  void unregister(Watcher watcher) {
    List<Watcher> list = watchers.get(watcher.filter().type());
    if (list != null) {
      list.remove(watcher);
    }
  }

  /** Returns how many watchers are open, for metrics and tests. */
  public int watcherCount() {
    return watchers.values().stream().mapToInt(List::size).sum();
  }

  private synchronized void apply(List<WatchEvent> events) {
    for (WatchEvent event : events) {
      KeyValue kv = event.kv();
      if (event.revision() <= revision) {
        continue;
      }
      revision = event.revision();
      CachedObject previous = objects.get(kv.key());
      CacheEvent change;
      if (event.type() == WatchEvent.Type.PUT) {
        CachedObject object = decode(kv.key(), kv.value(), kv.modRevision());
        if (object == null) {
          continue;
        }
        objects.put(kv.key(), object);
        change = new CacheEvent(previous == null ? CacheEvent.Type.ADDED : CacheEvent.Type.MODIFIED,
            object, previous);
      } else {
        objects.remove(kv.key());
        byte[] last = kv.value() != null && kv.value().length > 0 ? kv.value()
            : event.prevKv() != null ? event.prevKv().value() : null;
        CachedObject tombstone = last == null ? null : decode(kv.key(), last, kv.modRevision());
        if (tombstone == null) {
          continue;
        }
        change = new CacheEvent(CacheEvent.Type.DELETED, tombstone, previous);
      }
      record(change);
    }
    notifyAll();
  }

  private void record(CacheEvent change) {
    history.addLast(change);
    while (history.size() > historyCapacity) {
      CacheEvent dropped = history.removeFirst();
      oldestResumable = dropped.revision();
    }
    List<Watcher> interested = watchers.get(change.object().type());
    if (interested != null) {
      for (Watcher watcher : interested) {
        if (change.object().key().startsWith(watcher.filter().prefix())) {
          watcher.offer(change);
        }
      }
    }
  }

  private CachedObject decode(String key, byte[] value, long modRevision) {
    ResourceType type = typeOf(key);
    if (type == null) {
      return null;
    }
    try {
      StoredObjectScan.Result scan = StoredObjectScan.locate(value);
      if (scan.spliceable()) {
        return new CachedObject(type, key, StoredObjectScan.withResourceVersion(value, scan, modRevision),
            modRevision, null);
      }
      // Stored with a version (or without metadata): set it through the tree.
      ObjectNode object = (ObjectNode) Json.parse(value);
      Json.metadata(object).put("resourceVersion", Long.toString(modRevision));
      return new CachedObject(type, key, Json.bytes(object), modRevision, SelectorAttributes.of(type, object));
    } catch (IOException | ClassCastException e) {
      log.atWarn().addKeyValue("key", key).log("skipping undecodable object in storage");
      return null;
    }
  }

  /** Returns the kind stored under a key, or null for keys of no served kind. */
  public ResourceType typeOf(String key) {
    for (ResourceType type : typesLongestPrefixFirst) {
      if (key.startsWith(type.storagePrefix())) {
        return type;
      }
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    if (storageWatch != null) {
      storageWatch.close();
    }
    synchronized (this) {
      for (List<Watcher> list : watchers.values()) {
        list.forEach(Watcher::terminate);
      }
      notifyAll();
    }
  }

  /**
   * The objects under a prefix at one revision.
   *
   * @param items the objects in key order
   * @param revision the cache revision they reflect
   */
  public record Snapshot(List<CachedObject> items, long revision) {}

  /** A watch asked to resume from a revision older than the kept history. */
  public static final class TooOldException extends RuntimeException {
    private final long oldest;

    TooOldException(long requested, long oldest) {
      super("too old resource version: " + requested + " (" + oldest + ")", null, false, false);
      this.oldest = oldest;
    }

    public long oldest() {
      return oldest;
    }
  }
}
