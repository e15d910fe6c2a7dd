package keelson.api.defaults;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Reads the tag of a container image reference the way the kubelet's image-name parser does. */
final class Images {
  private Images() {}

  // Repository path components are lower case; anything else makes the reference unparseable.
  private static final Pattern NAME = Pattern.compile(
      "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
          + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  /** A cluster runs few distinct images, and every pod created without a pull policy asks. */
  private static final int REMEMBERED = 1024;
  private static final Map<String, String> TAGS = new ConcurrentHashMap<>();

  /**
   * Returns the image's tag, {@code latest} when it has neither tag nor digest, and {@code ""}
   * when it has only a digest or cannot be parsed.
   */
  static String tag(String image) {
    String known = TAGS.get(image);
    if (known != null) {
      return known;
    }
    if (TAGS.size() >= REMEMBERED) {
      TAGS.clear();
    }
    String tag = parseTag(image);
    TAGS.put(image, tag);
    return tag;
  }

  private static String parseTag(String image) {
    String rest = image;
    boolean digest = false;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = true;
      rest = rest.substring(0, at);
    }
    String tag = "";
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        return "";
      }
    }
    if (rest.isEmpty() || !NAME.matcher(rest).matches()) {
      return "";
    }
    return tag.isEmpty() && !digest ? "latest" : tag;
  }
}
