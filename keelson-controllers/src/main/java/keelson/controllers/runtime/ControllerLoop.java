package keelson.controllers.runtime;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workers that take keys from a queue and reconcile them: success forgets the key's back-off,
 * failure re-queues it with back-off, a {@link PermanentError} is logged once and dropped.
 */
public final class ControllerLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControllerLoop.class);

  private final String name;
  private final WorkQueue queue;
  private final Reconciler reconciler;
  private final int workers;
  private final List<Thread> threads = new ArrayList<>();

  public ControllerLoop(String name, WorkQueue queue, Reconciler reconciler, int workers) {
    this.name = name;
    this.queue = queue;
    this.reconciler = reconciler;
    this.workers = workers;
  }

  /** Starts the workers (virtual threads). */
  public void start() {
    for (int i = 0; i < workers; i++) {
      threads.add(Thread.ofVirtual().name(name + "-worker-" + i).start(this::work));
    }
  }

  private void work() {
    while (true) {
      String key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        return;
      }
      try {
        reconciler.reconcile(key);
        queue.forget(key);
      } catch (PermanentError e) {
        log.atWarn().addKeyValue("controller", name).addKeyValue("key", key)
            .addKeyValue("error", e.getMessage()).log("cannot reconcile; not retrying");
        queue.forget(key);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        int failures = queue.failures(key);
        // One line per failure streak start, then every tenth retry: operators see it, logs stay quiet.
        if (failures == 0 || failures % 10 == 0) {
          log.atWarn().addKeyValue("controller", name).addKeyValue("key", key)
              .addKeyValue("retries", failures).addKeyValue("error", String.valueOf(e.getMessage()))
              .log("reconcile failed; will retry");
        }
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  }

  @Override
  public void close() {
    queue.close();
    threads.forEach(Thread::interrupt);
  }
}
