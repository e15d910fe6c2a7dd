package keelson.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A watch listener that remembers everything it was told, for assertions. */
public final class RecordingListener implements WatchListener {
  private final List<WatchEvent> events = new ArrayList<>();
  private final AtomicReference<Throwable> closeCause = new AtomicReference<>();
  private volatile boolean closed;
  private volatile boolean overlapped;
  private volatile boolean delivering;

  @Override
  public void onEvents(List<WatchEvent> batch) {
    if (delivering) {
      overlapped = true;
    }
    delivering = true;
    synchronized (events) {
      events.addAll(batch);
    }
    delivering = false;
  }

  @Override
  public void onClose(Throwable cause) {
    closeCause.set(cause);
    closed = true;
  }

  /** Returns a copy of the events received so far. */
  public List<WatchEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** Returns the revisions received so far, in delivery order. */
  public List<Long> revisions() {
    return events().stream().map(WatchEvent::revision).toList();
  }

  public boolean isClosed() {
    return closed;
  }

  public Throwable closeCause() {
    return closeCause.get();
  }

  /** Returns whether two deliveries ever ran at the same time (they must not). */
  public boolean sawConcurrentDelivery() {
    return overlapped;
  }

  /** Returns a plain-list view of events for messages. */
  @Override
  public String toString() {
    List<String> out = new ArrayList<>();
    for (WatchEvent e : events()) {
      out.add(e.type() + " " + e.kv().key() + "@" + e.revision());
    }
    return out.toString();
  }
}
