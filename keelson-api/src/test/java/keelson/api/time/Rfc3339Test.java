package keelson.api.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

  @Test
  void formatsToTheSecondInUtcWhateverSecondCameBefore() {
    assertThat(Rfc3339.seconds(Instant.parse("2026-11-27T23:00:09.999Z"))).isEqualTo("2026-11-27T23:00:09Z");
    assertThat(Rfc3339.seconds(Instant.parse("2026-11-27T23:00:09.001Z"))).isEqualTo("2026-11-27T23:00:09Z");
    assertThat(Rfc3339.seconds(Instant.parse("2026-11-27T23:00:10Z"))).isEqualTo("2026-11-27T23:00:10Z");
    assertThat(Rfc3339.seconds(Instant.parse("1969-12-31T23:59:59.5Z"))).isEqualTo("1969-12-31T23:59:59Z");
    assertThat(Rfc3339.seconds(Instant.parse("2026-11-27T23:00:09Z"))).isEqualTo("2026-11-27T23:00:09Z");
  }
}
