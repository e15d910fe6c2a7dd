package keelson.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real kubectl binaries of other minor versions that sit beside the kubectl dispatcher on the
 * PATH ({@code kubectl.1.27} … {@code kubectl.1.33}, see kubectl-protocol.md §1). Running one directly
 * bypasses the dispatcher, which would otherwise pick the server's version.
 */
final class VersionedKubectl {
  private VersionedKubectl() {}

  /** Returns a Kubectl that runs {@code kubectl.<minor>} against the server, with its own cache. */
  static Kubectl of(String minor, KeelsonProcess server, Path cacheDir) {
    return new Kubectl(server.kubeconfig(), cacheDir, binary(minor).toString());
  }

  static Path binary(String minor) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path kubectl = Path.of(dir, "kubectl");
      if (Files.isExecutable(kubectl)) {
        try {
          Path versioned = kubectl.toRealPath().resolveSibling("kubectl." + minor);
          if (Files.isExecutable(versioned)) {
            return versioned;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("kubectl." + minor + " is not installed beside kubectl on the PATH");
  }
}
