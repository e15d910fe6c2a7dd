package keelson.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpExchangeTest {
  @Test
  void auditIdsAreDistinctVersion4Uuids() {
    java.util.Set<java.util.UUID> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      java.util.UUID id = HttpExchange.auditId();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      seen.add(id);
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void booleanQueryParametersReadAsKubeApiserverReadsThem() {
    assertThat(HttpExchange.flag(null)).isFalse();
    assertThat(HttpExchange.flag("0")).isFalse();
    assertThat(HttpExchange.flag("false")).isFalse();
    assertThat(HttpExchange.flag("False")).isFalse();
    assertThat(HttpExchange.flag("true")).isTrue();
    assertThat(HttpExchange.flag("True")).isTrue();
    assertThat(HttpExchange.flag("1")).isTrue();
    // Anything else counts as set, even an empty value (?watch).
    assertThat(HttpExchange.flag("")).isTrue();
    assertThat(HttpExchange.flag("yes")).isTrue();
  }
}
