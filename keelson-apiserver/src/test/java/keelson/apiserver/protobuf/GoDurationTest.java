package keelson.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

  @ParameterizedTest
  @CsvSource({
      "0, 0s",
      "1, 1ns",
      "1500, 1.5\u00b5s",
      "150000000, 150ms",
      "1000000000, 1s",
      "1500000000, 1.5s",
      "90000000000, 1m30s",
      "3600000000000, 1h0m0s",
      "7384005000000, 2h3m4.005s",
      "-2000000000, -2s",
  })
  void formatsLikeGo(long nanos, String expected) {
    assertThat(GoDuration.format(nanos)).isEqualTo(expected);
  }
}
