package keelson.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written name parsing agrees with upstream's pattern {@code ^(.*)-([0-9]+)$}. */
class StatefulPodsNameTest {
  private static final Pattern UPSTREAM = Pattern.compile("^(.*)-([0-9]+)$");

  @ParameterizedTest
  @ValueSource(strings = {"web-0", "web-12", "web-007", "my-web-3", "web--4", "-5", "web-", "web", "", "-",
      "web-1a", "web-a1", "web-1-", "web-1-2", "web-2147483647", "web-2147483648", "web-99999999999",
      "we\nb-1", "web\r-1", "we\u2028b-1", "web-1\n", "web-00", "web-10", "web-01", "web-\u0661", "web-+1",
      "web- 1", "a-b-c-10"})
  void parsesAsTheUpstreamPattern(String name) {
    Matcher m = UPSTREAM.matcher(name);
    String parent = m.matches() ? m.group(1) : "";
    int ordinal = -1;
    if (m.matches()) {
      try {
        ordinal = Integer.parseInt(m.group(2));
      } catch (NumberFormatException e) {
        ordinal = -1;
      }
    }
    assertThat(StatefulPods.parentName(name)).isEqualTo(parent);
    assertThat(StatefulPods.ordinal(name)).isEqualTo(ordinal);
    Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(StatefulSets.NS)
        .addToLabels(StatefulPods.POD_NAME_LABEL, name).endMetadata().build();
    for (String setName : new String[] {"web", "my-web", "", "web-1", "a-b-c", "we"}) {
      var set = StatefulSets.web(1, "Parallel").edit().editMetadata().withName(setName).endMetadata().build();
      assertThat(StatefulPods.isMemberOf(set, pod)).as("%s member of %s", name, setName)
          .isEqualTo(parent.equals(setName) && ordinal >= 0);
      assertThat(StatefulPods.identityMatches(set, pod)).as("%s identity in %s", name, setName)
          .isEqualTo(ordinal >= 0 && parent.equals(setName) && name.equals(setName + "-" + ordinal));
    }
  }
}
