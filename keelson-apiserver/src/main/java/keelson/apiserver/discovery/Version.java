package keelson.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.apiserver.rest.Json;

/**
 * The {@code /version} answer. Keelson reports Kubernetes 1.32, the API it implements: the
 * installed kubectl picks the client binary that matches the server's minor version.
 */
public final class Version {
  public static final String MAJOR = "1";
  public static final String MINOR = "32";
  public static final String GIT_VERSION = "v1.32.4+keelson";

  private Version() {}

  /** Returns the version document. */
  public static byte[] document(String keelsonVersion) {
    ObjectNode version = Json.object()
        .put("major", MAJOR)
        .put("minor", MINOR)
        .put("gitVersion", GIT_VERSION)
        .put("gitCommit", "keelson-" + keelsonVersion)
        .put("gitTreeState", "clean")
        .put("buildDate", "2026-11-27T00:00:00Z")
        .put("goVersion", "java" + Runtime.version().feature())
        .put("compiler", "javac")
        .put("platform", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
            + ("amd64".equals(System.getProperty("os.arch")) || "x86_64".equals(System.getProperty("os.arch"))
                ? "amd64" : System.getProperty("os.arch")));
    return Json.bytes(version);
  }
}
