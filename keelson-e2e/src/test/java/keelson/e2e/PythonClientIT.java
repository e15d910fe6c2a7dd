package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The official Kubernetes Python client (Debian's python3-kubernetes) against a real server:
 * list, create from YAML, patch and watch, driven by {@code src/test/python/client_compat.py}.
 * A machine without the client fails this test with the package to install; it never skips.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonClientIT {
  final Path temp = TempDirs.create(getClass().getSimpleName());
  KeelsonProcess server;

  @BeforeAll
  void start() {
    server = KeelsonProcess.start(temp, "sqlite");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void listsCreatesFromYamlPatchesAndWatches() throws Exception {
    String python = pythonWithKubernetesClient();
    Path script = KeelsonProcess.repositoryRoot().resolve("keelson-e2e/src/test/python/client_compat.py");
    Process process = new ProcessBuilder(python, script.toString(), server.kubeconfig().toString(), "py")
        .redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output;
    try (var in = process.getInputStream()) {
      // The script ends by itself (every watch has a timeout); the limit only guards a hang.
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(process.exitValue()).as("client_compat.py output:%n%s", output).isZero();
    assertThat(output.lines().filter(l -> l.startsWith("ok: ")).map(l -> l.substring(4).split(" ")[0]
        + " " + l.substring(4).split(" ")[1]))
        .containsExactly("list nodes", "list namespaces", "create from", "patch deployment", "list pods",
            "list kinds", "watch configmaps", "watch deployment");
  }

  /**
   * Returns a Python 3 that can import the client: Debian's /usr/bin/python3 first (where
   * python3-kubernetes installs), then the python3 on the PATH.
   */
  static String pythonWithKubernetesClient() throws InterruptedException {
    List<String> candidates = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
      candidates.add("/usr/bin/python3");
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "python3");
      if (Files.isExecutable(candidate)) {
        candidates.add(candidate.toString());
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalStateException("python3 is not installed; this test drives the official Kubernetes "
          + "Python client (Debian: apt-get install python3-kubernetes)");
    }
    for (String python : candidates) {
      try {
        Process probe = new ProcessBuilder(python, "-c", "import kubernetes").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
          return python;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no python3 here can import the kubernetes module (tried " + candidates
        + "); install the official client: apt-get install python3-kubernetes");
  }
}
