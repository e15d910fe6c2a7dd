package keelson.api.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

  @ParameterizedTest
  @CsvSource({
      "-2000, <invalid>", "-1999, 0s", "-1000, 0s", "-1, 0s", "0, 0s", "1999, 1s", "119999, 119s",
      "120000, 2m", "125000, 2m5s", "599000, 9m59s", "600000, 10m", "10799000, 179m", "10800000, 3h",
      "11100000, 3h5m", "28799000, 7h59m", "28800000, 8h", "172799000, 47h", "172800000, 2d",
      "176400000, 2d1h", "691199000, 7d23h", "691200000, 8d", "63071999000, 729d", "63072000000, 2y",
      "63158400000, 2y1d", "252287999000, 7y364d", "252288000000, 8y"})
  void formatsAtUpstreamThresholds(long millis, String expected) {
    assertThat(HumanDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"2024-05-01T10:00:00Z, 5m", "2024-05-01T10:04:59.5Z, 0s", "2024-05-01T12:05:00+02:00, 0s"})
  void measuresSinceRfc3339Timestamps(String timestamp, String expected) {
    Instant now = Instant.parse("2024-05-01T10:05:00Z");
    assertThat(HumanDuration.since(TextNode.valueOf(timestamp), now)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(value = {"''", "NULL"}, nullValues = "NULL")
  void printsUnknownWithoutTimestamp(String timestamp) {
    assertThat(HumanDuration.since(timestamp == null ? null : TextNode.valueOf(timestamp), Instant.EPOCH))
        .isEqualTo("<unknown>");
  }
}
