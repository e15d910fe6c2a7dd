package keelson.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary directories for per-class fixtures. They are kept after the run (under the build's
 * target directory) so a failing test's server log can be read.
 */
final class TempDirs {
  private TempDirs() {}

  static Path create(String prefix) {
    try {
      Path base = Files.createDirectories(Path.of("target", "e2e-runs").toAbsolutePath());
      return Files.createTempDirectory(base, prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
