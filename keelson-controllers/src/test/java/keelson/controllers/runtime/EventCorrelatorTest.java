package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** client-go's correlation of one source's events: similar ones combined, each object rate limited. */
class EventCorrelatorTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private final EventCorrelator correlator = new EventCorrelator();

  private static ObjectReference daemonSet(String name) {
    return new ObjectReferenceBuilder().withApiVersion("apps/v1").withKind("DaemonSet").withNamespace("default")
        .withName(name).withUid("uid-" + name).build();
  }

  @Test
  void fromTheTenthDifferentMessageOnSimilarEventsAreOneCombinedEvent() {
    List<EventCorrelator.Outcome> outcomes = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      outcomes.add(correlator.correlate(daemonSet("fluentd"), "Normal", "SuccessfulCreate",
          "Created pod: fluentd-" + i, T0.plusMillis(i)));
    }
    assertThat(outcomes.subList(0, 9)).extracting(EventCorrelator.Outcome::message)
        .allSatisfy(m -> assertThat(m).startsWith("Created pod: fluentd-"));
    assertThat(outcomes.subList(0, 9)).extracting(EventCorrelator.Outcome::identity).doesNotHaveDuplicates();
    assertThat(outcomes.get(9).message()).isEqualTo("(combined from similar events): Created pod: fluentd-10");
    assertThat(outcomes.get(11).message()).isEqualTo("(combined from similar events): Created pod: fluentd-12");
    assertThat(outcomes.get(11).identity()).as("one event, counted up").isEqualTo(outcomes.get(9).identity());
    assertThat(outcomes).noneMatch(EventCorrelator.Outcome::skip);

    var otherReason = correlator.correlate(daemonSet("fluentd"), "Normal", "SuccessfulDelete", "Deleted pod: x",
        T0.plusSeconds(1));
    assertThat(otherReason.message()).isEqualTo("Deleted pod: x");
    var later = correlator.correlate(daemonSet("fluentd"), "Normal", "SuccessfulCreate", "Created pod: fluentd-13",
        T0.plus(Duration.ofMinutes(11)));
    assertThat(later.message()).as("similarity is forgotten after ten minutes").isEqualTo("Created pod: fluentd-13");
  }

  @Test
  void eachObjectGetsABurstOf25ThenOneEventEveryFiveMinutes() {
    int written = 0;
    for (int i = 0; i < 100; i++) {
      if (!correlator.correlate(daemonSet("big"), "Normal", "SuccessfulCreate", "Created pod: big-" + i,
          T0.plusMillis(i)).skip()) {
        written++;
      }
    }
    assertThat(written).isEqualTo(25);
    assertThat(correlator.correlate(daemonSet("other"), "Normal", "SuccessfulCreate", "Created pod: other-1",
        T0.plusSeconds(1)).skip()).as("another object has its own budget").isFalse();
    assertThat(correlator.correlate(daemonSet("big"), "Normal", "SuccessfulCreate", "Created pod: big-x",
        T0.plus(Duration.ofMinutes(2))).skip()).isTrue();
    assertThat(correlator.correlate(daemonSet("big"), "Normal", "SuccessfulCreate", "Created pod: big-y",
        T0.plus(Duration.ofMinutes(5)).plusSeconds(1)).skip()).isFalse();
  }
}
