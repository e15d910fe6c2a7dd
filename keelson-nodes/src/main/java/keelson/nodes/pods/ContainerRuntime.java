package keelson.nodes.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The identifiers a simulated container runtime reports as containerd does: container IDs, image
 * IDs and fully qualified image references, stable for the same pod, container and restart.
 */
final class ContainerRuntime {
  static final String RUNTIME = "containerd://";

  private ContainerRuntime() {}

  static String containerId(Pod pod, Container c, int restarts) {
    return RUNTIME + sha256(pod.getMetadata().getUid() + "/" + c.getName() + "/" + restarts);
  }

  static String imageId(Container c) {
    String image = Objects.requireNonNullElse(c.getImage(), "");
    int at = image.indexOf('@');
    String repository = at >= 0 ? image.substring(0, at) : image.replaceFirst(":[^:/]+$", "");
    return fullyQualified(repository) + "@sha256:" + sha256(image);
  }

  /**
   * Returns an image reference as containerd reports it once the image is pulled: with its registry,
   * {@code docker.io} when none is named, and Docker Hub's {@code library/} for one-word names
   * ({@code nginx:1.16} is {@code docker.io/library/nginx:1.16}).
   */
  static String fullyQualified(String image) {
    if (image.isEmpty()) {
      return image;
    }
    int slash = image.indexOf('/');
    String first = slash < 0 ? "" : image.substring(0, slash);
    boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (hasRegistry) {
      return image;
    }
    return slash < 0 ? "docker.io/library/" + image : "docker.io/" + image;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
