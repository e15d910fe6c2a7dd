package keelson.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import keelson.storage.Watch;
import keelson.storage.WatchEvent;
import keelson.storage.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch with its own delivery thread: it first replays history, then the live changes that
 * were buffered meanwhile, skipping any revision it has already delivered.
 *
 * <p>The live buffer is unbounded, so a listener that stops consuming makes memory grow; the
 * listener contract asks it not to block.
 */
final class BufferedWatch implements Watch {
  private static final Logger log = LoggerFactory.getLogger(BufferedWatch.class);
  private static final int HISTORY_PAGE = 1000;

  private sealed interface Delivery permits Changes, End {}

  private record Changes(List<WatchEvent> events) implements Delivery {}

  private record End(Throwable cause, boolean tellListener) implements Delivery {}

  private final String name;
  private final String prefix;
  private final long afterRevision;
  private final WatchListener listener;
  private final History history;
  private final Consumer<BufferedWatch> onDone;
  private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
  private volatile boolean cancelled;
  private boolean ended;
  private long lastDelivered;

  BufferedWatch(
      String name,
      String prefix,
      long afterRevision,
      WatchListener listener,
      History history,
      Consumer<BufferedWatch> onDone) {
    this.name = name;
    this.prefix = prefix;
    this.afterRevision = afterRevision;
    this.listener = listener;
    this.history = history;
    this.onDone = onDone;
  }

  String prefix() {
    return prefix;
  }

  void start() {
    Thread.ofVirtual().name(name).start(this::run);
  }

  void offer(List<WatchEvent> events) {
    if (!cancelled) {
      queue.add(new Changes(events));
    }
  }

  /** Stops delivery; the listener hears {@code onClose(cause)} after what is already queued. */
  void end(Throwable cause) {
    queue.add(new End(cause, true));
  }

  @Override
  public void close() {
    // Closed by its owner: no onClose callback, the caller already knows.
    cancelled = true;
    queue.add(new End(null, false));
    onDone.accept(this);
  }

  private void run() {
    lastDelivered = afterRevision;
    try {
      catchUp();
      while (true) {
        Delivery next = queue.take();
        switch (next) {
          case Changes c -> deliver(c.events());
          case End e -> {
            finish(e.cause(), e.tellListener());
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finish(null, true);
    } catch (RuntimeException e) {
      // A compacted start, a failed history read, or a listener that threw: the watch cannot
      // continue without a gap, so it ends and tells the listener why.
      log.atInfo()
          .setMessage("watch ended")
          .addKeyValue("watch", name)
          .addKeyValue("prefix", prefix)
          .addKeyValue("reason", e.toString())
          .log();
      finish(e, true);
    }
  }

  private void catchUp() {
    while (!cancelled) {
      List<WatchEvent> page = history.changesAfter(prefix, lastDelivered, HISTORY_PAGE);
      deliver(page);
      if (page.size() < HISTORY_PAGE) {
        return;
      }
    }
  }

  private void deliver(List<WatchEvent> events) {
    List<WatchEvent> fresh = events;
    if (!events.isEmpty() && events.getFirst().revision() <= lastDelivered) {
      fresh = new ArrayList<>(events.size());
      for (WatchEvent event : events) {
        if (event.revision() > lastDelivered) {
          fresh.add(event);
        }
      }
    }
    if (fresh.isEmpty() || cancelled) {
      return;
    }
    listener.onEvents(fresh);
    lastDelivered = fresh.getLast().revision();
  }

  private void finish(Throwable cause, boolean tellListener) {
    if (ended) {
      return;
    }
    ended = true;
    queue.clear();
    onDone.accept(this);
    if (tellListener) {
      listener.onClose(cause);
    }
  }
}
