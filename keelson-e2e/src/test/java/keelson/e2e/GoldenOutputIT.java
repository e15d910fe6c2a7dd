package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tutorial's objects, settled, printed by the real kubectl and compared line by line with what
 * Kubernetes 1.32 prints for them ({@code src/test/resources/golden}, see its README): ages,
 * generated names, IPs, UIDs and timestamps masked, nothing else.
 */
class GoldenOutputIT extends ClusterScenarios {

  @BeforeAll
  void tutorial() {
    for (String manifest : List.of("sample-ds.yaml", "sample-headless.yaml", "sample-statefulset.yaml")) {
      kubectl.run("apply", "-n", "default", "-f", Manifests.copy(manifest, temp).toString()).ok();
    }
    eventually().until(() -> {
      String sts = kubectl.run("get", "-n", "default", "statefulsets", "-o",
          "jsonpath={range .items[*]}{.status.readyReplicas}/{.status.currentReplicas} {end}").stdout();
      String ds = kubectl.run("get", "-n", "default", "daemonset", "sample-ds", "-o",
          "jsonpath={.status.numberReady}/{.status.updatedNumberScheduled}").stdout();
      String claims = kubectl.run("get", "-n", "default", "pvc", "-o", "jsonpath={.items[*].status.phase}").stdout();
      String endpoints = kubectl.run("get", "-n", "default", "endpoints", "sample-headless", "-o",
          "jsonpath={.subsets[*].addresses[*].ip}").stdout();
      String podEvents = kubectl.run("get", "-n", "default", "events", "--field-selector",
          "involvedObject.name=sample-statefulset-2,reason=Started", "-o", "name").stdout();
      return sts.equals("3/3 3/3 ") && ds.equals("3/3") && claims.equals("Bound Bound Bound")
          && endpoints.split(" ").length == 9 && !podEvents.isBlank();
    });
  }

  static Stream<Arguments> outputs() {
    return Stream.of(
        Arguments.of("get-pods-wide.txt", List.of("get", "pods", "-o", "wide")),
        Arguments.of("get-statefulsets-wide.txt", List.of("get", "statefulsets", "-o", "wide")),
        Arguments.of("get-daemonsets-wide.txt", List.of("get", "daemonsets", "-o", "wide")),
        Arguments.of("get-services-wide.txt", List.of("get", "services", "-o", "wide")),
        Arguments.of("get-endpoints.txt", List.of("get", "endpoints", "sample-headless")),
        Arguments.of("get-persistentvolumeclaims.txt", List.of("get", "persistentvolumeclaims")),
        Arguments.of("get-persistentvolumes.txt", List.of("get", "persistentvolumes")),
        Arguments.of("describe-statefulset.txt", List.of("describe", "statefulset", "sample-statefulset")),
        Arguments.of("describe-daemonset.txt", List.of("describe", "daemonset", "sample-ds")),
        Arguments.of("describe-service.txt", List.of("describe", "service", "sample-headless")),
        Arguments.of("describe-endpoints.txt", List.of("describe", "endpoints", "sample-headless")),
        Arguments.of("describe-pod.txt", List.of("describe", "pod", "sample-statefulset-0")),
        Arguments.of("describe-persistentvolumeclaim.txt",
            List.of("describe", "persistentvolumeclaim", "www-sample-statefulset-0")),
        Arguments.of("describe-persistentvolume.txt", List.of("describe", "persistentvolume", "<volume>")),
        Arguments.of("describe-namespace.txt", List.of("describe", "namespace", "default")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outputs")
  void matchesKubernetes(String golden, List<String> command) {
    List<String> args = new ArrayList<>(List.of("-n", "default"));
    for (String arg : command) {
      args.add(arg.equals("<volume>") ? volumeOfClaim("www-sample-statefulset-0") : arg);
    }
    Kubectl.Result result = kubectl.run(args.toArray(String[]::new));
    assertThat(result.stderr()).as("stderr of kubectl %s", String.join(" ", args)).isEmpty();
    List<String> actual = GoldenText.normalize(result.ok());
    List<String> expected = GoldenText.golden(resource("/golden/" + golden));
    if (golden.equals("describe-persistentvolumeclaim.txt")) {
      actual = actual.subList(0, actual.indexOf(actual.stream().filter(l -> l.startsWith("Events:")).findFirst()
          .orElseThrow()));
    }
    if (golden.equals("get-persistentvolumes.txt")) {
      actual = sortedRows(actual);
      expected = sortedRows(expected);
    }
    assertThat(String.join("\n", actual)).as("kubectl %s", String.join(" ", args))
        .isEqualTo(String.join("\n", expected));
  }

  private String volumeOfClaim(String claim) {
    return kubectl.run("get", "-n", "default", "pvc", claim, "-o", "jsonpath={.spec.volumeName}").ok();
  }

  private static List<String> sortedRows(List<String> lines) {
    List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
    rows.sort(null);
    List<String> sorted = new ArrayList<>(List.of(lines.get(0)));
    sorted.addAll(rows);
    return sorted;
  }

  private static String resource(String path) {
    try (InputStream in = GoldenOutputIT.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
