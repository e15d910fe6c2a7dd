package keelson.controllers.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ControllerRevision helpers, after upstream's {@code pkg/controller/history}: the revision hash,
 * revision names, equality, sorting, the next revision number and history truncation.
 */
public final class ControllerRevisions {
  /** The label every revision carries with its hash. */
  public static final String HASH_LABEL = "controller.kubernetes.io/hash";

  /** The alphabet of apimachinery's {@code rand.SafeEncodeString}: no vowels, no 0, 1 or 3. */
  static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  /** Revision names keep at most this much of the owner's name, as {@code ControllerRevisionName}. */
  private static final int MAX_PREFIX = 223;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Orders revisions by revision number, then creation time, then name (upstream's sort). */
  public static final Comparator<ControllerRevision> BY_REVISION =
      Comparator.comparing((ControllerRevision r) -> r.getRevision() == null ? 0L : r.getRevision())
          .thenComparing(r -> r.getMetadata().getCreationTimestamp() == null ? ""
              : r.getMetadata().getCreationTimestamp())
          .thenComparing(r -> r.getMetadata().getName());

  private ControllerRevisions() {}

  /**
   * Returns the hash of revision data: FNV-32 (not 32a) over the data bytes followed by the decimal
   * collision count when one is given, printed in decimal and passed through the safe-encode
   * alphabet, as {@code HashControllerRevision} does.
   *
   * @param collisionCount null when none is set
   */
  public static String hash(byte[] data, Integer collisionCount) {
    int h = fnv32(0x811c9dc5, data);
    if (collisionCount != null) {
      h = fnv32(h, Long.toString(collisionCount).getBytes(StandardCharsets.US_ASCII));
    }
    return safeEncode(Integer.toUnsignedString(h));
  }

  /** Returns the hash of revision data given as a JSON tree (encoded as Go would). */
  public static String hash(JsonNode data, Integer collisionCount) {
    return hash(GoJson.encode(data).getBytes(StandardCharsets.UTF_8), collisionCount);
  }

  /** FNV-1 (multiply, then xor), 32 bits. */
  static int fnv32(int seed, byte[] bytes) {
    int h = seed;
    for (byte b : bytes) {
      h *= 0x01000193;
      h ^= b & 0xff;
    }
    return h;
  }

  /** Maps every character to the safe alphabet by its code modulo 27, as {@code rand.SafeEncodeString}. */
  static String safeEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      out.append(SAFE_ALPHABET.charAt(s.charAt(i) % SAFE_ALPHABET.length()));
    }
    return out.toString();
  }

  /** Returns the name of a revision of {@code owner}: {@code <owner>-<hash>}, the owner part cut to 223 characters. */
  public static String name(String owner, String hash) {
    String prefix = owner.length() > MAX_PREFIX ? owner.substring(0, MAX_PREFIX) : owner;
    return prefix + "-" + hash;
  }

  /** Returns a revision's data as a JSON tree (fabric8 holds it as a plain object). */
  public static JsonNode data(ControllerRevision revision) {
    Object data = revision.getData();
    if (data == null) {
      return MAPPER.nullNode();
    }
    if (data instanceof JsonNode node) {
      return node;
    }
    if (data instanceof String text) {
      try {
        return MAPPER.readTree(text);
      } catch (Exception e) {
        return MAPPER.getNodeFactory().textNode(text);
      }
    }
    return MAPPER.valueToTree(data);
  }

  /**
   * Returns whether two revisions hold the same data. Unlike upstream's byte comparison this compares
   * the Go encodings of the trees, so a revision read back from any API server (whatever its key
   * order or number types) still equals the one we would write.
   */
  public static boolean equal(ControllerRevision a, ControllerRevision b) {
    if (a == null || b == null) {
      return a == b;
    }
    return GoJson.encode(data(a)).equals(GoJson.encode(data(b)));
  }

  /** Returns the revisions equal to {@code needle}, in the order given. */
  public static List<ControllerRevision> findEqual(List<ControllerRevision> revisions, ControllerRevision needle) {
    List<ControllerRevision> equal = new ArrayList<>();
    String wanted = GoJson.encode(data(needle));
    for (ControllerRevision r : revisions) {
      if (GoJson.encode(data(r)).equals(wanted)) {
        equal.add(r);
      }
    }
    return equal;
  }

  /** Returns the revisions sorted by {@link #BY_REVISION}. */
  public static List<ControllerRevision> sorted(Collection<ControllerRevision> revisions) {
    List<ControllerRevision> sorted = new ArrayList<>(revisions);
    sorted.sort(BY_REVISION);
    return sorted;
  }

  /** Returns the next revision number: 1 for no history, else one more than the largest. */
  public static long nextRevision(Collection<ControllerRevision> revisions) {
    long max = 0;
    for (ControllerRevision r : revisions) {
      max = Math.max(max, r.getRevision() == null ? 0 : r.getRevision());
    }
    return max + 1;
  }

  /**
   * Returns the revisions to delete so that at most {@code limit} non-live revisions remain, oldest
   * first. Live revisions (named in {@code live}: the current and update revisions and every live
   * pod's revision) are never returned. A negative limit keeps everything.
   */
  public static List<ControllerRevision> toTruncate(List<ControllerRevision> revisions, Set<String> live, int limit) {
    List<ControllerRevision> history = new ArrayList<>();
    for (ControllerRevision r : sorted(revisions)) {
      if (!live.contains(r.getMetadata().getName())) {
        history.add(r);
      }
    }
    if (limit < 0 || history.size() <= limit) {
      return List.of();
    }
    return List.copyOf(history.subList(0, history.size() - limit));
  }

  /** Returns the names in a collection of revisions. */
  public static Set<String> names(Collection<ControllerRevision> revisions) {
    Set<String> names = new HashSet<>();
    revisions.forEach(r -> names.add(r.getMetadata().getName()));
    return names;
  }
}
