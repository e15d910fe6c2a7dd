package keelson.apiserver.watch;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client's watch: the cache pushes matching events into a bounded queue and the client's
 * request thread takes them out and writes them.
 *
 * <p>A client that falls too far behind is cut off (the queue overflowed) rather than letting the
 * cache buffer without bound; like kube-apiserver, the client then re-lists and watches again.
 */
public final class Watcher implements AutoCloseable {
  private static final int QUEUE_CAPACITY = 20_000;

  private final WatchFilter filter;
  // Linked, not array-backed: an idle watch costs a few bytes, not a preallocated 80 KB array.
  private final BlockingQueue<CacheEvent> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final WatchCache cache;
  private volatile boolean overflowed;
  private volatile boolean closed;
  private volatile boolean terminated;

  Watcher(WatchCache cache, WatchFilter filter) {
    this.cache = cache;
    this.filter = filter;
  }

  WatchFilter filter() {
    return filter;
  }

  /** Offers an event translated for this watcher's selectors; called by the cache. */
  void offer(CacheEvent event) {
    if (closed || overflowed) {
      return;
    }
    CacheEvent translated = translate(event);
    if (translated != null && !queue.offer(translated)) {
      overflowed = true;
    }
  }

  /**
   * Rewrites a change for a selector-filtered watch, as kube-apiserver does: an object that starts
   * to match is ADDED, one that stops matching is DELETED, one that never matched is dropped.
   */
  private CacheEvent translate(CacheEvent event) {
    if (filter.matches() == WatchFilter.EVERYTHING) {
      return event;
    }
    boolean now = event.object().matches(filter.matches());
    boolean before = event.previous() != null && event.previous().matches(filter.matches());
    return switch (event.type()) {
      case ADDED -> now ? event : null;
      case DELETED -> now ? event : null;
      case MODIFIED -> {
        if (now && before) {
          yield event;
        } else if (now) {
          yield new CacheEvent(CacheEvent.Type.ADDED, event.object(), event.previous());
        } else if (before) {
          yield new CacheEvent(CacheEvent.Type.DELETED, event.object(), event.previous());
        } else {
          yield null;
        }
      }
    };
  }

  /** Queues an event unconditionally (initial state replay); called under the cache lock. */
  void replay(CacheEvent event) {
    if (!queue.offer(event)) {
      overflowed = true;
    }
  }

  /**
   * Waits up to {@code timeoutMillis} for the next event.
   *
   * @return the event, or null when none arrived in time
   * @throws WatchOverflowException if this watcher fell behind and was cut off
   */
  public CacheEvent poll(long timeoutMillis) throws InterruptedException {
    CacheEvent event = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (event == null && (overflowed || terminated)) {
      throw new WatchOverflowException();
    }
    return event;
  }

  /** Returns whether no event is waiting right now. */
  public boolean peekEmpty() {
    return queue.isEmpty();
  }

  /** Takes every event already queued, without waiting. */
  public CacheEvent pollNow() {
    return queue.poll();
  }

  /** Returns the cache's current revision, for bookmarks. */
  public long currentRevision() {
    return cache.revision();
  }

  /** Ends this watch from the server side (shutdown); the reader sees the stream end. */
  void terminate() {
    terminated = true;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      cache.unregister(this);
    }
  }

  /** Raised to the reading thread when the watcher fell too far behind. */
  public static final class WatchOverflowException extends RuntimeException {
    WatchOverflowException() {
      super("watcher fell behind and was closed", null, false, false);
    }
  }
}
