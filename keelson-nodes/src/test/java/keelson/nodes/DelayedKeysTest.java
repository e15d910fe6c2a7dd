package keelson.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DelayedKeysTest {
  private record Delivery(String key, long atNanos) {}

  @Test
  void keysAreHandedOverAtTheirDeadlinesInOrderAnEarlierRequestWinning() throws Exception {
    LinkedBlockingQueue<Delivery> delivered = new LinkedBlockingQueue<>();
    Clock clock = Clock.systemUTC();
    try (DelayedKeys timers = new DelayedKeys("test", clock, key -> delivered.add(new Delivery(key, System.nanoTime())))) {
      long start = System.nanoTime();
      Instant now = clock.instant();
      timers.schedule("late", now.plusMillis(1_000));
      Thread.sleep(50); // the timer now waits for "late"
      timers.schedule("kept", now.plusMillis(300));
      timers.schedule("kept", now.plusMillis(900)); // later than the pending one: dropped
      timers.schedule("moved-up", now.plusMillis(800));
      timers.schedule("moved-up", now.plusMillis(200)); // earlier than the pending one: replaces it
      // Earlier than every pending deadline: the waiting timer must wake for it.
      timers.schedule("first", now.plusMillis(100));

      Delivery first = delivered.poll(5, TimeUnit.SECONDS);
      Delivery second = delivered.poll(5, TimeUnit.SECONDS);
      Delivery third = delivered.poll(5, TimeUnit.SECONDS);

      assertThat(first.key()).isEqualTo("first");
      assertThat(second.key()).isEqualTo("moved-up");
      assertThat(third.key()).isEqualTo("kept");
      assertThat(TimeUnit.NANOSECONDS.toMillis(first.atNanos() - start)).isGreaterThanOrEqualTo(90L);
      assertThat(TimeUnit.NANOSECONDS.toMillis(third.atNanos() - start)).as("long before 800 ms or 1 s")
          .isLessThan(700L);
      assertThat(timers.size()).as("only \"late\" still waits").isEqualTo(1);
    }
  }
}
