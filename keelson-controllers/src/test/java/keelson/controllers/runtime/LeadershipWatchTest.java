package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeadershipWatchTest {
  @Test
  void runsTheActionOnEachTransitionToLeader() throws Exception {
    AtomicBoolean leader = new AtomicBoolean(false);
    AtomicInteger gained = new AtomicInteger();
    try (LeadershipWatch watch = LeadershipWatch.start("test", leader::get, gained::incrementAndGet)) {
      Thread.sleep(1_200);
      assertThat(gained.get()).as("never leader, never run").isZero();

      leader.set(true);
      await().atMost(Duration.ofSeconds(3)).until(() -> gained.get() == 1);
      Thread.sleep(1_200);
      assertThat(gained.get()).as("staying leader runs it once").isEqualTo(1);

      leader.set(false);
      Thread.sleep(1_200);
      leader.set(true);
      await().atMost(Duration.ofSeconds(3)).until(() -> gained.get() == 2);
    }
  }

  @Test
  void aFailedActionRunsAgainAtTheNextCheck() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Runnable failsOnce = () -> {
      if (attempts.incrementAndGet() == 1) {
        throw new IllegalStateException("not yet");
      }
    };
    try (LeadershipWatch watch = LeadershipWatch.start("test", () -> true, failsOnce)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 2);
    }
  }
}
