package keelson.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
  private static final Pattern NAME = Pattern.compile(Identifiers.QUALIFIED_NAME_FMT);

  @Test
  void theCharacterCheckAcceptsExactlyWhatTheRegularExpressionAndLengthLimitAccept() {
    String alphabet = "aZ09-_./ é";
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(0, 70);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = value.toString();
      boolean expected = !s.isEmpty() && s.length() <= 63 && NAME.matcher(s).matches();
      assertThat(Identifiers.plainName(s)).as(s).isEqualTo(expected);
    }
  }

  @Test
  void namesAndLabelValuesOutsideTheFastPathStillGetTheirErrors() {
    assertThat(Identifiers.qualifiedName("example.com/gate")).isEmpty();
    assertThat(Identifiers.qualifiedName("-bad")).hasSize(1);
    assertThat(Identifiers.qualifiedName("a".repeat(64))).containsExactly("name part must be no more than 63 characters");
    assertThat(Identifiers.qualifiedName("")).hasSize(2);
    assertThat(Identifiers.labelValue("")).isEmpty();
    assertThat(Identifiers.labelValue("v1.2_x")).isEmpty();
    assertThat(Identifiers.labelValue("bad value")).hasSize(1);
    assertThat(Identifiers.labelValue("a".repeat(64))).hasSize(1);
  }
}
