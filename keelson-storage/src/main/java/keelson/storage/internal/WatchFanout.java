package keelson.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import keelson.storage.Watch;
import keelson.storage.WatchEvent;
import keelson.storage.WatchListener;

/**
 * Hands committed changes to every open watch whose prefix they match.
 *
 * <p>The owning store must call {@link #publish} after the changes are committed (visible to
 * {@link History} reads) and in revision order, from one thread at a time. A watch registers
 * itself before it reads history, so each change reaches it through history, the live stream, or
 * both; {@link BufferedWatch} drops the duplicates by revision.
 */
public final class WatchFanout {
  private final String storeName;
  private final History history;
  private final CopyOnWriteArrayList<BufferedWatch> watches = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean closed;

  public WatchFanout(String storeName, History history) {
    this.storeName = storeName;
    this.history = history;
  }

  /** Starts a watch that catches up from history after {@code afterRevision}, then goes live. */
  public Watch open(String prefix, long afterRevision, WatchListener listener) {
    BufferedWatch watch =
        new BufferedWatch(
            storeName + "-watch-" + ids.incrementAndGet(),
            prefix,
            afterRevision,
            listener,
            history,
            watches::remove);
    watches.add(watch);
    if (closed) {
      // The store closed while we registered: close() may have missed this watch.
      watches.remove(watch);
      listener.onClose(null);
      return watch;
    }
    watch.start();
    return watch;
  }

  /** Offers committed changes, in revision order, to the watches whose prefix they match. */
  public void publish(List<WatchEvent> committed) {
    if (committed.isEmpty()) {
      return;
    }
    for (BufferedWatch watch : watches) {
      List<WatchEvent> matching = new ArrayList<>();
      for (WatchEvent event : committed) {
        if (event.kv().key().startsWith(watch.prefix())) {
          matching.add(event);
        }
      }
      if (!matching.isEmpty()) {
        watch.offer(matching);
      }
    }
  }

  /** Returns how many watches are open. */
  public int size() {
    return watches.size();
  }

  /** Ends every watch; each listener gets {@code onClose(null)} once. */
  public void closeAll() {
    closed = true;
    for (BufferedWatch watch : watches) {
      watch.end(null);
    }
    watches.clear();
  }
}
