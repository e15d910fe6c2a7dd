package keelson.storage.etcd;

import io.etcd.jetcd.Watch.Listener;
import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import keelson.storage.KeyValue;
import keelson.storage.Watch;
import keelson.storage.WatchEvent;
import keelson.storage.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch, handed to the listener on a thread of its own so that a slow listener never
 * holds up jetcd's event loop, and so that delivery is serial whatever jetcd's executor does.
 * Revisions already delivered are dropped, which covers jetcd re-sending after a reconnect.
 */
final class EtcdWatch implements Watch, Listener {
  private static final Logger log = LoggerFactory.getLogger(EtcdWatch.class);

  private sealed interface Delivery permits Changes, End {}

  private record Changes(List<WatchEvent> events) implements Delivery {}

  private record End(Throwable cause, boolean tellListener) implements Delivery {}

  private final String prefix;
  private final WatchListener listener;
  private final Consumer<EtcdWatch> onDone;
  private final Consumer<Long> onCompacted;
  private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
  private volatile boolean cancelled;
  private volatile Watcher watcher;
  private long lastDelivered;

  EtcdWatch(
      String prefix,
      long afterRevision,
      WatchListener listener,
      Consumer<EtcdWatch> onDone,
      Consumer<Long> onCompacted) {
    this.prefix = prefix;
    this.lastDelivered = afterRevision;
    this.listener = listener;
    this.onDone = onDone;
    this.onCompacted = onCompacted;
    Thread.ofVirtual().name("etcd-watch " + prefix).start(this::run);
  }

  void attach(Watcher watcher) {
    this.watcher = watcher;
    if (cancelled) {
      watcher.close();
    }
  }

  @Override
  public void onNext(WatchResponse response) {
    List<WatchEvent> events = new ArrayList<>(response.getEvents().size());
    for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
      events.add(toEvent(e));
    }
    if (!events.isEmpty()) {
      queue.add(new Changes(events));
    }
  }

  @Override
  public void onError(Throwable error) {
    RuntimeException cause = EtcdErrors.translate(error, lastDelivered + 1, 0);
    if (cause instanceof keelson.storage.CompactedException c) {
      onCompacted.accept(c.compactRevision());
    }
    queue.add(new End(cause, true));
  }

  @Override
  public void onCompleted() {
    queue.add(new End(null, true));
  }

  /** Ends the watch because the store closed; the listener hears {@code onClose(null)}. */
  void end() {
    queue.add(new End(null, true));
  }

  @Override
  public void close() {
    cancelled = true;
    queue.add(new End(null, false));
  }

  private void run() {
    try {
      while (true) {
        switch (queue.take()) {
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
      finish(e, true);
    }
  }

  private void deliver(List<WatchEvent> events) {
    if (cancelled) {
      return;
    }
    List<WatchEvent> fresh = new ArrayList<>(events.size());
    for (WatchEvent event : events) {
      if (event.revision() > lastDelivered) {
        fresh.add(event);
      }
    }
    if (!fresh.isEmpty()) {
      listener.onEvents(fresh);
      lastDelivered = fresh.getLast().revision();
    }
  }

  private void finish(Throwable cause, boolean tellListener) {
    Watcher w = watcher;
    if (w != null) {
      w.close();
    }
    onDone.accept(this);
    if (cause != null) {
      log.atInfo()
          .setMessage("etcd watch ended")
          .addKeyValue("prefix", prefix)
          .addKeyValue("reason", cause.toString())
          .log();
    }
    if (tellListener && !cancelled) {
      listener.onClose(cause);
    }
  }

  private static WatchEvent toEvent(io.etcd.jetcd.watch.WatchEvent e) {
    io.etcd.jetcd.KeyValue kv = e.getKeyValue();
    io.etcd.jetcd.KeyValue prev = e.getPrevKV();
    KeyValue before = prev == null || prev.getKey().isEmpty() ? null : EtcdStore.toKeyValue(prev);
    String key = kv.getKey().toString(StandardCharsets.UTF_8);
    if (e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE) {
      // etcd's delete event carries only the key and revision; the value comes from prevKV.
      byte[] value = before == null ? new byte[0] : before.value();
      long createRevision = before == null ? 0 : before.createRevision();
      return new WatchEvent(
          WatchEvent.Type.DELETE,
          new KeyValue(key, value, createRevision, kv.getModRevision()),
          before);
    }
    return new WatchEvent(WatchEvent.Type.PUT, EtcdStore.toKeyValue(kv), before);
  }
}
