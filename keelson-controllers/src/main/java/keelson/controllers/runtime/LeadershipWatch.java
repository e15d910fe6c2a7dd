package keelson.controllers.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action each time this server becomes leader, checking once a second. Controllers use it
 * to queue every object again: while they were followers they saw events but did not act on them.
 */
public final class LeadershipWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeadershipWatch.class);

  private final ScheduledExecutorService timer;
  private boolean wasLeader;

  private LeadershipWatch(String name) {
    this.timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name(name + "-leader").daemon().factory());
  }

  /**
   * Starts watching; {@code onGained} runs on every transition from follower to leader. If it
   * throws, the transition is not counted: it runs again at the next check (a throwing action
   * would otherwise stop the periodic check for good).
   */
  public static LeadershipWatch start(String name, BooleanSupplier isLeader, Runnable onGained) {
    LeadershipWatch watch = new LeadershipWatch(name);
    watch.timer.scheduleWithFixedDelay(() -> {
      try {
        boolean leader = isLeader.getAsBoolean();
        if (leader && !watch.wasLeader) {
          onGained.run();
        }
        watch.wasLeader = leader;
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("watch", name).addKeyValue("error", e.getMessage())
            .log("acting on leadership failed; will retry");
      }
    }, 0, 1, TimeUnit.SECONDS);
    return watch;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
