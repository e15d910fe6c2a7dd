package keelson.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The admin credentials of a data directory and the kubeconfig that carries them. The token is
 * kept in the data directory, so restarts keep existing kubeconfigs working.
 */
final class Kubeconfig {
  private Kubeconfig() {}

  /** Returns the data directory's admin token, creating it on first use. */
  static String adminToken(Path dataDir) throws IOException {
    Path file = dataDir.resolve("admin.token");
    if (Files.exists(file)) {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!token.isEmpty()) {
        return token;
      }
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    writePrivate(file, token + "\n");
    return token;
  }

  /**
   * Writes {@code DIR/kubeconfig} for the given server URL and token; returns its path.
   *
   * @param caPem the CA that signed the serving certificate, for an https URL; null for http
   */
  static Path write(Path dataDir, String serverUrl, String token, String caPem) throws IOException {
    String authority = caPem == null ? "" : "\n    certificate-authority-data: "
        + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: keelson
          cluster:
            server: %s%s
        users:
        - name: keelson-admin
          user:
            token: %s
        contexts:
        - name: keelson
          context:
            cluster: keelson
            user: keelson-admin
            namespace: default
        current-context: keelson
        preferences: {}
        """.formatted(serverUrl, authority, token);
    Path file = dataDir.resolve("kubeconfig");
    writePrivate(file, yaml);
    return file;
  }

  /** Writes a file readable only by its owner, atomically. */
  static void writePrivate(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the file keeps the default permissions
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
