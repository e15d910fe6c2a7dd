package keelson.apiserver.watch;

import java.time.Duration;
import java.util.ArrayDeque;
import keelson.storage.CompactedException;
import keelson.storage.RevisionedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts storage history the way kube-apiserver does: every interval, discard history older than
 * the revision storage had one interval ago. Clients holding a resourceVersion older than that get
 * 410 Gone and re-list, exactly as against a real cluster.
 */
public final class Compactor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Compactor.class);

  private final RevisionedStore store;
  private final Duration interval;
  private final Thread thread;
  private final ArrayDeque<Long> marks = new ArrayDeque<>();
  private volatile boolean running = true;

  /** Creates a compactor that keeps about {@code interval} of history. */
  public Compactor(RevisionedStore store, Duration interval) {
    this.store = store;
    this.interval = interval;
    this.thread = Thread.ofVirtual().name("compactor").unstarted(this::loop);
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(interval);
        compactOnce();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("error", e.toString()).log("compaction failed; will retry next interval");
      }
    }
  }

  /** Records the current revision and compacts to the one recorded an interval earlier. */
  void compactOnce() {
    marks.addLast(store.currentRevision());
    if (marks.size() < 2) {
      return;
    }
    long target = marks.removeFirst();
    if (target <= store.compactRevision()) {
      return;
    }
    try {
      store.compact(target);
      log.atInfo().addKeyValue("revision", target).log("compacted storage history");
    } catch (CompactedException e) {
      // Another server sharing the storage compacted further already: nothing to do.
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
