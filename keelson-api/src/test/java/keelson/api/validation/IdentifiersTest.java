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

  @Test
  void dnsNamesAreAcceptedByTheCharacterChecksExactlyWhenTheRegularExpressionsAcceptThem() {
    Pattern label = Pattern.compile(Identifiers.DNS1123_LABEL_FMT);
    Pattern subdomain = Pattern.compile(Identifiers.DNS1123_SUBDOMAIN_FMT);
    Pattern dns1035 = Pattern.compile(Identifiers.DNS1035_LABEL_FMT);
    String alphabet = "az09-.A_";
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(0, i % 10 == 0 ? 260 : 12);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = value.toString();
      assertThat(Identifiers.dns1123Label(s).isEmpty()).as("label %s", s)
          .isEqualTo(s.length() <= 63 && label.matcher(s).matches());
      assertThat(Identifiers.dns1123Subdomain(s).isEmpty()).as("subdomain %s", s)
          .isEqualTo(s.length() <= 253 && subdomain.matcher(s).matches());
      assertThat(Identifiers.dns1035Label(s).isEmpty()).as("dns1035 %s", s)
          .isEqualTo(s.length() <= 63 && dns1035.matcher(s).matches());
    }
  }

  @Test
  void invalidDnsNamesStillGetTheirMessages() {
    assertThat(Identifiers.dns1123Subdomain("web-0.nginx")).isEmpty();
    assertThat(Identifiers.dns1123Subdomain("Web")).singleElement().asString()
        .startsWith("a lowercase RFC 1123 subdomain must consist of");
    assertThat(Identifiers.dns1123Subdomain("a..b")).hasSize(1);
    assertThat(Identifiers.dns1123Subdomain("a".repeat(254))).contains("must be no more than 253 characters");
    assertThat(Identifiers.dns1123Label("a.b")).hasSize(1);
    assertThat(Identifiers.dns1123Label("a".repeat(64))).containsExactly("must be no more than 63 characters");
    assertThat(Identifiers.dns1035Label("1abc")).singleElement().asString().startsWith("a DNS-1035 label");
  }

  @Test
  void utf8LengthsAreCountedAsEncodingWouldCountThem() {
    SplittableRandom random = new SplittableRandom(3);
    String alphabet = "aZ0-./é€😀";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder value = new StringBuilder();
      for (int j = random.nextInt(0, 20); j > 0; j--) {
        int at = random.nextInt(alphabet.length());
        value.append(Character.isHighSurrogate(alphabet.charAt(at)) ? alphabet.substring(at, at + 2)
            : Character.isLowSurrogate(alphabet.charAt(at)) ? "x" : String.valueOf(alphabet.charAt(at)));
      }
      String s = value.toString();
      assertThat(ObjectMetaValidation.utf8Length(s)).as(s)
          .isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
  }
}
