package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-27T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void satisfiedOnceEveryExpectedChangeIsObserved() {
    Expectations expectations = new Expectations(Clock.systemUTC());
    expectations.expect("default/web", 2, 1);
    expectations.creationObserved("default/web");
    expectations.deletionObserved("default/web");
    assertThat(expectations.satisfied("default/web")).isFalse();

    expectations.creationObserved("default/web");

    assertThat(expectations.satisfied("default/web")).isTrue();
    assertThat(expectations.satisfied("default/other")).as("nothing expected").isTrue();
  }

  @Test
  void lostEventsStopBlockingAfterTheTimeout() {
    MutableClock clock = new MutableClock();
    Expectations expectations = new Expectations(clock);
    expectations.expect("default/web", 1, 0);

    clock.now = clock.now.plus(Duration.ofMinutes(6));

    assertThat(expectations.satisfied("default/web")).isTrue();
  }
}
