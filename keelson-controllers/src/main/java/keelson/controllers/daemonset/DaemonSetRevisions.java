package keelson.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import keelson.controllers.runtime.OwnerReferences;

/**
 * DaemonSet ControllerRevisions (daemon_controller.go constructHistory/snapshot/cleanupHistory):
 * the template hash, the revision's data (a patch replacing {@code spec.template}), and which old
 * revisions the history limit prunes. Kept apart from the StatefulSet history because a DaemonSet
 * revision is named {@code <ds>-<hash>} and its pods carry the bare hash.
 */
public final class DaemonSetRevisions {
  private static final String SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DaemonSetRevisions() {}

  /**
   * Returns the hash of a DaemonSet's template with its collision count: FNV-32a over a deep dump
   * of {@code spec.template} (our dump is canonical JSON with sorted keys, not Go's spew output, so
   * the values differ from a real cluster's), then the collision count as 8 little-endian bytes,
   * rendered as the decimal value safe-encoded (controller.ComputeHash).
   */
  public static String hash(DaemonSet ds) {
    Integer collisionCount = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
    String dump = canonical(DaemonPods.SERIALIZATION.convertValue(ds.getSpec().getTemplate(), JsonNode.class));
    int h = fnv32a(0x811c9dc5, dump.getBytes(StandardCharsets.UTF_8));
    if (collisionCount != null) {
      int c = collisionCount;
      byte[] bytes = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0};
      h = fnv32a(h, bytes);
    }
    return safeEncode(Integer.toUnsignedString(h));
  }

  static int fnv32a(int seed, byte[] data) {
    int h = seed;
    for (byte b : data) {
      h ^= (b & 0xff);
      h *= 0x01000193;
    }
    return h;
  }

  /** Maps each character to the vowel-free alphabet as rand.SafeEncodeString does. */
  static String safeEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      out.append(SAFE_ALPHANUMS.charAt(s.charAt(i) % SAFE_ALPHANUMS.length()));
    }
    return out.toString();
  }

  /**
   * Returns the revision data: {@code {"spec":{"template":{"$patch":"replace",...}}}} with every
   * map's keys sorted, as getPatch produces it.
   */
  public static JsonNode patch(DaemonSet ds) {
    JsonNode template = DaemonPods.SERIALIZATION.convertValue(ds.getSpec().getTemplate(), JsonNode.class);
    ObjectNode withReplace = JsonNodeFactory.instance.objectNode();
    withReplace.put("$patch", "replace");
    template.fields().forEachRemaining(e -> withReplace.set(e.getKey(), e.getValue()));
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    spec.set("template", withReplace);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("spec", spec);
    return sorted(root);
  }

  /** Returns whether a revision's data is exactly this DaemonSet's current template patch. */
  public static boolean matches(DaemonSet ds, ControllerRevision revision) {
    if (revision.getData() == null) {
      return false;
    }
    JsonNode data = MAPPER.valueToTree(revision.getData());
    return canonical(data).equals(canonical(patch(ds)));
  }

  /** Returns a new revision of the DaemonSet's current template with the given number. */
  public static ControllerRevision newRevision(DaemonSet ds, String hash, long revision) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(ds.getMetadata().getName() + "-" + hash);
    meta.setNamespace(ds.getMetadata().getNamespace());
    Map<String, String> labels = new LinkedHashMap<>();
    if (ds.getSpec().getTemplate().getMetadata() != null && ds.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(ds.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put(DaemonPods.REVISION_HASH_LABEL, hash);
    meta.setLabels(labels);
    if (ds.getMetadata().getAnnotations() != null) {
      meta.setAnnotations(new LinkedHashMap<>(ds.getMetadata().getAnnotations()));
    }
    meta.setOwnerReferences(new ArrayList<>(List.of(OwnerReferences.controllerReference(ds))));
    ControllerRevision result = new ControllerRevision();
    result.setApiVersion("apps/v1");
    result.setKind("ControllerRevision");
    result.setMetadata(meta);
    result.setData(MAPPER.convertValue(patch(ds), Map.class));
    result.setRevision(revision);
    return result;
  }

  /** Returns the highest revision number among {@code revisions}, or 0. */
  public static long maxRevision(List<ControllerRevision> revisions) {
    return revisions.stream().mapToLong(r -> r.getRevision() == null ? 0 : r.getRevision()).max().orElse(0);
  }

  /**
   * Returns the old revisions to delete so that at most {@code limit} remain, oldest first,
   * sparing those whose hash a live daemon pod still carries.
   */
  public static List<ControllerRevision> toPrune(List<ControllerRevision> old, int limit, List<Pod> pods) {
    int toKill = old.size() - limit;
    if (toKill <= 0) {
      return List.of();
    }
    Set<String> live = new HashSet<>();
    for (Pod pod : pods) {
      String hash = pod.getMetadata().getLabels() == null ? null
          : pod.getMetadata().getLabels().get(DaemonPods.REVISION_HASH_LABEL);
      if (hash != null && !hash.isEmpty()) {
        live.add(hash);
      }
    }
    List<ControllerRevision> sorted = new ArrayList<>(old);
    sorted.sort(Comparator.comparingLong(r -> r.getRevision() == null ? 0 : r.getRevision()));
    List<ControllerRevision> prune = new ArrayList<>();
    for (ControllerRevision r : sorted) {
      if (toKill <= 0) {
        break;
      }
      String hash = r.getMetadata().getLabels() == null ? null
          : r.getMetadata().getLabels().get(DaemonPods.REVISION_HASH_LABEL);
      if (hash != null && live.contains(hash)) {
        continue;
      }
      prune.add(r);
      toKill--;
    }
    return prune;
  }

  /** Returns compact JSON with every object's keys sorted. */
  static String canonical(JsonNode node) {
    return sorted(node).toString();
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.put(e.getKey(), sorted(e.getValue()));
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> out.add(sorted(n)));
      return out;
    }
    return node;
  }
}
