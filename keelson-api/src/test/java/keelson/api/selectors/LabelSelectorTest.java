package keelson.api.selectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front", "replicas", "3");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "app=web|true", "app==web|true", "app!=web|false", "app!=db|true", "missing!=x|true",
      "app in (web,db)|true", "app notin (web)|false", "missing notin (x)|true", "missing in (x)|false",
      "app|true", "!app|false", "!missing|true", "replicas>2|true", "replicas<3|false", "app>1|false",
      "app=web,tier=front|true", "app=web,tier=back|false", "'  app = web , tier in ( front ) '|true",
      "app in (in,notin)|false", "''|true"})
  void matchesEveryOperatorAsKubernetesDoes(String selector, boolean expected) {
    assertThat(LabelSelector.parse(selector).matches(WEB)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tier in (b,a),app=web|app=web,tier in (a,b)",
      "!legacy|!legacy",
      "x==1|x==1",
      "z notin (q),a|a,z notin (q)",
      "a in (x,x)|a in (x)",
      "a=|a="})
  void rendersRequirementsSortedByKey(String selector, String rendered) {
    assertThat(LabelSelector.parse(selector).toString()).isEqualTo(rendered);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a b|unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
      "app=web,|found '', expected: identifier after ','",
      ",a|found ',', expected: !, identifier, or 'end of string'",
      "a in b|unable to parse requirement: found 'b' expected: '('",
      "a in (b|unable to parse requirement: found '', expected: ',' or ')'",
      "a (b)|unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt",
      "!a=b|found '=', expected: ',' or 'end of string'",
      "a>x|unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"})
  void rejectsBadSyntaxWithApiserverWords(String selector, String message) {
    assertThatThrownBy(() -> LabelSelector.parse(selector)).isInstanceOf(SelectorException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsMalformedKeyWithQualifiedNameRules() {
    assertThatThrownBy(() -> LabelSelector.parse("-app=web")).hasMessage(
        "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must consist of alphanumeric"
            + " characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g."
            + " 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
            + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  }

  @Test
  void rejectsMalformedValueNamingItsKey() {
    assertThatThrownBy(() -> LabelSelector.parse("app=we b!")).isInstanceOf(SelectorException.class);
    assertThatThrownBy(() -> LabelSelector.parse("app=-web")).hasMessage(
        "unable to parse requirement: values[0][app]: Invalid value: \"-web\": a valid label must be an empty"
            + " string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
            + " alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation"
            + " is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }

  @Test
  void rejectsTooLongPrefixedKey() {
    String name = "a".repeat(64);
    assertThatThrownBy(() -> LabelSelector.parse("example.com/" + name))
        .hasMessageContaining("name part must be no more than 63 characters");
  }

  @Test
  void convertsMatchLabelsAndMatchExpressions() throws Exception {
    JsonNode json = JSON.readTree("""
        {"matchLabels":{"app":"web"},
         "matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]},
                             {"key":"legacy","operator":"DoesNotExist"},
                             {"key":"env","operator":"NotIn","values":["prod"]},
                             {"key":"zone","operator":"Exists"}]}""");
    LabelSelector selector = LabelSelector.fromJson(json);
    assertThat(selector.toString()).isEqualTo("app=web,env notin (prod),!legacy,tier in (a,b),zone");
    assertThat(selector.matches(Map.of("app", "web", "tier", "a", "zone", "z"))).isTrue();
    assertThat(selector.matches(Map.of("app", "web", "tier", "a"))).isFalse();
  }

  @Test
  void emptySelectorMatchesEverythingAndNullMatchesNothing() throws Exception {
    LabelSelector empty = LabelSelector.fromJson(JSON.readTree("{}"));
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.matches(Map.of())).isTrue();
    assertThat(empty.toString()).isEqualTo("<none>");
    assertThat(empty.toQueryString()).isEmpty();
    LabelSelector missing = LabelSelector.fromJson(null);
    assertThat(missing.isNothing()).isTrue();
    assertThat(missing.matches(Map.of("app", "web"))).isFalse();
    assertThat(LabelSelector.fromJson(JSON.readTree("null")).matches(Map.of())).isFalse();
  }

  @Test
  void rejectsInvalidMatchExpressions() throws Exception {
    assertThatThrownBy(() -> LabelSelector.fromJson(JSON.readTree(
        "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}")))
        .hasMessage("\"Gt\" is not a valid label selector operator");
    assertThatThrownBy(() -> LabelSelector.fromJson(JSON.readTree(
        "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[]}]}")))
        .hasMessage("values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
    assertThatThrownBy(() -> LabelSelector.fromJson(JSON.readTree(
        "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\"]}]}")))
        .hasMessage("values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist");
  }

  @Test
  void matchesJsonLabelsIncludingMissingOnes() throws Exception {
    LabelSelector selector = LabelSelector.parse("!app");
    assertThat(selector.matches(JSON.readTree("{\"app\":\"web\"}"))).isFalse();
    assertThat(selector.matches((JsonNode) null)).isTrue();
  }

  @Test
  void reportsExactlyRequiredValue() {
    LabelSelector selector = LabelSelector.parse("app=web,tier in (a,b),x in (y)");
    assertThat(selector.requiredValue("app")).isEqualTo("web");
    assertThat(selector.requiredValue("tier")).isNull();
    assertThat(selector.requiredValue("x")).isEqualTo("y");
    assertThat(selector.requirements()).extracting(LabelRequirement::key).containsExactly("app", "tier", "x");
  }
}
