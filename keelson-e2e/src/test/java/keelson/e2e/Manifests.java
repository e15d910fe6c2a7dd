package keelson.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies the tutorial's manifests (test resources) into a directory, so kubectl gets real files. */
final class Manifests {
  private Manifests() {}

  /** Writes the named manifest into {@code dir} and returns its path. */
  static Path copy(String name, Path dir) {
    try (InputStream in = Manifests.class.getResourceAsStream("/manifests/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no manifest " + name);
      }
      Path file = dir.resolve(name);
      Files.write(file, in.readAllBytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a manifest with one textual replacement applied. */
  static Path edited(String name, Path dir, String from, String to) {
    try {
      Path original = copy(name, dir);
      String text = Files.readString(original);
      if (!text.contains(from)) {
        throw new IllegalArgumentException(name + " does not contain " + from);
      }
      Path file = dir.resolve("edited-" + name);
      Files.writeString(file, text.replace(from, to));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
