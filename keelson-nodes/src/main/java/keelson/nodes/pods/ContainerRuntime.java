package keelson.nodes.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identifiers a simulated container runtime reports as containerd does: container IDs, image
 * IDs and fully qualified image references, stable for the same pod, container and restart.
 */
final class ContainerRuntime {
  static final String RUNTIME = "containerd://";
  /** Image IDs by image reference: a cluster runs few images, and each ID is a digest to compute. */
  private static final Map<String, String> IMAGE_IDS = new ConcurrentHashMap<>();
  private static final int MAX_IMAGE_IDS = 4096;
  /** A digest to clone: looking one up through the security providers costs more than hashing. */
  private static final MessageDigest SHA256 = newSha256();

  private ContainerRuntime() {}

  static String containerId(Pod pod, Container c, int restarts) {
    return RUNTIME + sha256(pod.getMetadata().getUid() + "/" + c.getName() + "/" + restarts);
  }

  static String imageId(Container c) {
    String image = Objects.requireNonNullElse(c.getImage(), "");
    String id = IMAGE_IDS.get(image);
    if (id == null) {
      id = computeImageId(image);
      if (IMAGE_IDS.size() >= MAX_IMAGE_IDS) {
        IMAGE_IDS.clear(); // a bound, not a policy: recomputing is cheap and rare
      }
      IMAGE_IDS.put(image, id);
    }
    return id;
  }

  private static String computeImageId(String image) {
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
    MessageDigest digest;
    try {
      digest = (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      digest = newSha256();
    }
    return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
