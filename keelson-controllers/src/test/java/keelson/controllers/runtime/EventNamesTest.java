package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventNamesTest {

  @Test
  void namesIncreaseInTheOrderEventsAreRecordedEvenWithinOneInstant() {
    Instant now = Instant.parse("2026-11-27T10:00:00.123456Z");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      names.add(EventRecorder.eventName("web-0", now));
    }
    names.add(EventRecorder.eventName("web-0", now.minusSeconds(5))); // a clock that stepped back

    assertThat(names).doesNotHaveDuplicates().isSorted();
    assertThat(names.get(0)).startsWith("web-0.").hasSize("web-0.".length() + 16);
  }
}
