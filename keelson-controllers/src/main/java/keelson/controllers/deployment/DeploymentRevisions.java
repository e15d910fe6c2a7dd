package keelson.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import keelson.controllers.runtime.OwnerReferences;

/**
 * ReplicaSets as revisions of a Deployment (deployment/sync.go getNewReplicaSet,
 * util/deployment_util.go SetNewReplicaSetAnnotations): the {@code pod-template-hash}, the name
 * {@code <deployment>-<hash>}, the revision annotations that {@code kubectl rollout history} and
 * {@code undo} read, and template equality ignoring the hash label.
 */
public final class DeploymentRevisions {
  public static final String HASH_LABEL = "pod-template-hash";
  public static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
  /** Deployment annotations never copied onto its ReplicaSets (skipCopyAnnotation). */
  static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", REVISION,
      REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");
  /** Upstream's default bound on the revision-history annotation's length. */
  static final int MAX_REVISION_HISTORY_CHARS = 2000;
  private static final String SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private DeploymentRevisions() {}

  /**
   * Returns the pod-template-hash: FNV-32a over a canonical dump of the template (sorted-key JSON
   * without empty values; upstream dumps Go structs, so values differ from a real cluster's) and the collision count,
   * safe-encoded.
   */
  public static String hash(PodTemplateSpec template, Integer collisionCount) {
    byte[] dump = canonical(SERIALIZATION.convertValue(template, JsonNode.class)).getBytes(StandardCharsets.UTF_8);
    int h = 0x811c9dc5;
    for (byte b : dump) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    if (collisionCount != null) {
      int c = collisionCount;
      for (byte b : new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0}) {
        h = (h ^ (b & 0xff)) * 0x01000193;
      }
    }
    String decimal = Integer.toUnsignedString(h);
    StringBuilder out = new StringBuilder();
    for (char ch : decimal.toCharArray()) {
      out.append(SAFE_ALPHANUMS.charAt(ch % SAFE_ALPHANUMS.length()));
    }
    return out.toString();
  }

  /** Returns whether two templates are equal once the pod-template-hash label is removed from both. */
  public static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
    return canonical(withoutHash(a)).equals(canonical(withoutHash(b)));
  }

  private static JsonNode withoutHash(PodTemplateSpec template) {
    JsonNode node = SERIALIZATION.convertValue(template, JsonNode.class);
    JsonNode labels = node.path("metadata").path("labels");
    if (labels instanceof ObjectNode object) {
      object.remove(HASH_LABEL);
      if (object.isEmpty()) {
        ((ObjectNode) node.get("metadata")).remove("labels");
      }
    }
    return node;
  }

  /** Returns a ReplicaSet's revision annotation as a number (0 if missing or malformed). */
  public static long revision(ReplicaSet rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    try {
      return annotations == null || annotations.get(REVISION) == null ? 0 : Long.parseLong(annotations.get(REVISION));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Returns the highest revision among the sets (0 if none). */
  public static long maxRevision(List<ReplicaSet> sets) {
    return sets.stream().mapToLong(DeploymentRevisions::revision).max().orElse(0);
  }

  /**
   * Returns the new ReplicaSet for the deployment's template: named {@code <deployment>-<hash>},
   * template labels and selector extended with the hash, the deployment as controller, revision
   * and replicas annotations set.
   */
  public static ReplicaSet newReplicaSet(Deployment d, String hash, long revision, int replicas) {
    PodTemplateSpec template = SERIALIZATION.clone(d.getSpec().getTemplate());
    Map<String, String> labels = new LinkedHashMap<>(template.getMetadata() == null
        || template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
    labels.put(HASH_LABEL, hash);
    template.getMetadata().setLabels(labels);
    LabelSelector selector = SERIALIZATION.clone(d.getSpec().getSelector());
    Map<String, String> matchLabels = new LinkedHashMap<>(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
    matchLabels.put(HASH_LABEL, hash);
    selector.setMatchLabels(matchLabels);
    ReplicaSet rs = new ReplicaSetBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
        .withNewMetadata().withName(d.getMetadata().getName() + "-" + hash).withNamespace(d.getMetadata().getNamespace())
        .withLabels(new LinkedHashMap<>(labels)).withOwnerReferences(OwnerReferences.controllerReference(d)).endMetadata()
        .withNewSpec().withReplicas(replicas).withMinReadySeconds(d.getSpec().getMinReadySeconds())
        .withSelector(selector).withTemplate(template).endSpec().build();
    setNewReplicaSetAnnotations(d, rs, revision, false);
    return rs;
  }

  /**
   * Updates a (new) ReplicaSet's annotations in place (SetNewReplicaSetAnnotations): copies the
   * deployment's annotations, raises the revision if lower and, when an existing revision is
   * replaced (a rollback to this set), appends it to the revision history; a set being created also
   * gets desired/max replicas.
   *
   * @return whether anything changed
   */
  public static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, long newRevision, boolean exists) {
    boolean changed = copyAnnotations(d, rs);
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    String oldRevision = annotations.get(REVISION);
    long old;
    try {
      old = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
    } catch (NumberFormatException e) {
      return false;
    }
    if (old < newRevision) {
      annotations.put(REVISION, Long.toString(newRevision));
      changed = true;
      if (oldRevision != null) {
        String history = annotations.getOrDefault(REVISION_HISTORY, "");
        if (history.isEmpty()) {
          annotations.put(REVISION_HISTORY, oldRevision);
        } else {
          List<String> revisions = new ArrayList<>(Arrays.asList(history.split(",")));
          int total = history.length() + oldRevision.length() + 1;
          int start = 0;
          while (total > MAX_REVISION_HISTORY_CHARS && start < revisions.size()) {
            total -= revisions.get(start).length() + 1;
            start++;
          }
          if (total <= MAX_REVISION_HISTORY_CHARS) {
            List<String> kept = new ArrayList<>(revisions.subList(start, revisions.size()));
            kept.add(oldRevision);
            annotations.put(REVISION_HISTORY, String.join(",", kept));
          }
        }
      }
    }
    if (!exists) {
      int replicas = DeploymentPlanner.replicas(d);
      changed |= setReplicasAnnotations(rs, replicas, replicas + DeploymentPlanner.maxSurge(d));
    }
    return changed;
  }

  /** Sets desired-replicas and max-replicas; returns whether they changed. */
  public static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
    if (rs.getMetadata().getAnnotations() == null) {
      rs.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    String d = Integer.toString(desired);
    String m = Integer.toString(max);
    if (d.equals(annotations.get(DESIRED_REPLICAS)) && m.equals(annotations.get(MAX_REPLICAS))) {
      return false;
    }
    annotations.put(DESIRED_REPLICAS, d);
    annotations.put(MAX_REPLICAS, m);
    return true;
  }

  private static boolean copyAnnotations(Deployment d, ReplicaSet rs) {
    if (rs.getMetadata().getAnnotations() == null) {
      rs.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    boolean changed = false;
    Map<String, String> source = d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations();
    for (Map.Entry<String, String> e : source.entrySet()) {
      if (NOT_COPIED.contains(e.getKey()) || e.getValue().equals(rs.getMetadata().getAnnotations().get(e.getKey()))) {
        continue;
      }
      rs.getMetadata().getAnnotations().put(e.getKey(), e.getValue());
      changed = true;
    }
    return changed;
  }

  private static String canonical(JsonNode node) {
    JsonNode pruned = sorted(node);
    return pruned == null ? "{}" : pruned.toString();
  }

  /**
   * Returns the node with keys sorted and nulls, empty objects and empty arrays dropped, or null if
   * nothing is left: Go's semantic equality sees no difference between {@code resources: {}} and
   * no resources (kubectl rollout undo writes the former back into the deployment).
   */
  private static JsonNode sorted(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      node.fields().forEachRemaining(e -> {
        JsonNode value = sorted(e.getValue());
        if (value != null) {
          fields.put(e.getKey(), value);
        }
      });
      if (fields.isEmpty()) {
        return null;
      }
      ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      if (node.isEmpty()) {
        return null;
      }
      var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> {
        JsonNode value = sorted(n);
        out.add(value == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : value);
      });
      return out;
    }
    return node;
  }
}
