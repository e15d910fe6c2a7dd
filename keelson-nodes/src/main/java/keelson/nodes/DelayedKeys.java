package keelson.nodes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * One timer thread for many keys: each key has at most one pending deadline (an earlier request
 * replaces a later one, a later request is dropped), and at the deadline the key is handed to the
 * sink. This is what lets thousands of nodes heartbeat without a thread or timer task each; the
 * controller runtime's {@code WorkQueue.addAfter} schedules a task per call and never collapses.
 */
public final class DelayedKeys implements AutoCloseable {
  private record Entry(long deadlineNanos, String key) {}

  private final Clock clock;
  private final Consumer<String> sink;
  private final Map<String, Long> deadlines = new HashMap<>();
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadlineNanos(), b.deadlineNanos()));
  private final Thread thread;
  private boolean closed;

  public DelayedKeys(String name, Clock clock, Consumer<String> sink) {
    this.clock = clock;
    this.sink = sink;
    this.thread = Thread.ofPlatform().name(name + "-timers").daemon().start(this::run);
  }

  /** Hands {@code key} to the sink at {@code due} (a time on the clock), unless it is due earlier already. */
  public void schedule(String key, Instant due) {
    long delay = Duration.between(clock.instant(), due).toNanos();
    long deadline = System.nanoTime() + Math.max(0, delay);
    synchronized (this) {
      Long existing = deadlines.get(key);
      if (closed || existing != null && existing - deadline <= 0) {
        return;
      }
      deadlines.put(key, deadline);
      Entry head = queue.peek();
      queue.add(new Entry(deadline, key));
      if (head == null || deadline - head.deadlineNanos() < 0) {
        notifyAll(); // the timer thread waits for the head: only an earlier one needs it awake
      }
    }
  }

  /** Returns how many keys wait for a deadline. */
  public synchronized int size() {
    return deadlines.size();
  }

  private void run() {
    while (true) {
      String due;
      synchronized (this) {
        try {
          while (!closed) {
            Entry head = queue.peek();
            if (head == null) {
              wait();
              continue;
            }
            long wait = head.deadlineNanos() - System.nanoTime();
            if (wait > 0) {
              wait(wait / 1_000_000, (int) (wait % 1_000_000));
              continue;
            }
            break;
          }
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
        Entry head = queue.poll();
        Long current = deadlines.get(head.key());
        if (current == null || current != head.deadlineNanos()) {
          continue; // superseded by an earlier deadline, already handed out
        }
        deadlines.remove(head.key());
        due = head.key();
      }
      sink.accept(due);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    thread.interrupt();
  }
}
