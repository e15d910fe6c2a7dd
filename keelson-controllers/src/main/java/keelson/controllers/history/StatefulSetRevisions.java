package keelson.controllers.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keelson.controllers.runtime.OwnerReferences;

/**
 * StatefulSet revisions: the data a revision records (only {@code spec.template}, as a
 * replace-patch), building a revision for a set, and reading the template back.
 *
 * <p>Upstream encodes the template from Go structs, decodes it into maps and encodes again, so the
 * bytes are sorted-key JSON in which struct-valued fields are present even when empty
 * ({@code "creationTimestamp":null}, a container's {@code "resources":{}}) while empty maps and slices
 * are left out. {@link #patch} reproduces that shape from a fabric8 template so our hashes equal
 * kube-controller-manager's for the same (defaulted) template.
 */
public final class StatefulSetRevisions {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Fields that are Go maps with omitempty: left out when empty. Other empty objects are structs and stay. */
  private static final Set<String> MAP_FIELDS = Set.of("labels", "annotations", "nodeSelector", "limits",
      "requests", "overhead", "volumeAttributes", "options", "parameters", "allocatedResources");

  private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

  private StatefulSetRevisions() {}

  /** Returns the revision data of a set: {@code {"spec":{"template":{...,"$patch":"replace"}}}}. */
  public static ObjectNode patch(StatefulSet set) {
    ObjectNode template = canonicalTemplate(set.getSpec().getTemplate());
    template.put("$patch", "replace");
    ObjectNode spec = MAPPER.createObjectNode();
    spec.set("template", template);
    ObjectNode data = MAPPER.createObjectNode();
    data.set("spec", spec);
    return data;
  }

  /** Returns the bytes hashed for a set's revision. */
  public static byte[] patchBytes(StatefulSet set) {
    return GoJson.encode(patch(set)).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Builds (does not create) the revision of a set's present template: name {@code <set>-<hash>},
   * the template's labels plus {@code controller.kubernetes.io/hash}, the set's annotations, a
   * controller reference to the set, and the given revision number.
   */
  public static ControllerRevision newRevision(StatefulSet set, long revision, Integer collisionCount) {
    ObjectNode data = patch(set);
    String hash = ControllerRevisions.hash(data, collisionCount);
    Map<String, String> labels = new LinkedHashMap<>();
    if (set.getSpec().getTemplate().getMetadata() != null
        && set.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(set.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put(ControllerRevisions.HASH_LABEL, hash);
    Map<String, String> annotations = set.getMetadata().getAnnotations() == null ? null
        : new LinkedHashMap<>(set.getMetadata().getAnnotations());
    // Keep the data in Go's key order so what we send is byte-identical to what we hashed.
    Object dataObject = MAPPER.convertValue(sortedCopy(data), Map.class);
    return new ControllerRevisionBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withName(ControllerRevisions.name(set.getMetadata().getName(), hash))
            .withNamespace(set.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .withOwnerReferences(OwnerReferences.controllerReference(withKind(set)))
            .build())
        .withData(dataObject)
        .withRevision(revision)
        .build();
  }

  /** Returns the pod template a revision records (the set's template at that revision). */
  public static PodTemplateSpec template(ControllerRevision revision) {
    JsonNode template = ControllerRevisions.data(revision).path("spec").path("template");
    if (!template.isObject()) {
      throw new IllegalArgumentException("revision " + revision.getMetadata().getName() + " has no spec.template");
    }
    ObjectNode copy = template.deepCopy();
    copy.remove("$patch");
    return MAPPER.convertValue(copy, PodTemplateSpec.class);
  }

  /** Returns a copy of the set whose template is the one recorded in a revision (upstream's ApplyRevision). */
  public static StatefulSet apply(StatefulSet set, ControllerRevision revision) {
    StatefulSet copy = MAPPER.convertValue(MAPPER.valueToTree(set), StatefulSet.class);
    copy.getSpec().setTemplate(template(revision));
    return copy;
  }

  static ObjectNode canonicalTemplate(PodTemplateSpec template) {
    JsonNode tree = template == null ? MAPPER.createObjectNode() : MAPPER.valueToTree(template);
    ObjectNode node = tree.isObject() ? (ObjectNode) tree : MAPPER.createObjectNode();
    prune(node);
    ObjectNode metadata = node.has("metadata") ? (ObjectNode) node.get("metadata") : node.putObject("metadata");
    if (!metadata.has("creationTimestamp")) {
      metadata.putNull("creationTimestamp");
    }
    JsonNode spec = node.path("spec");
    if (spec.isObject()) {
      for (String list : CONTAINER_LISTS) {
        for (JsonNode container : spec.path(list)) {
          if (container.isObject() && !container.has("resources")) {
            ((ObjectNode) container).putObject("resources");
          }
        }
      }
    }
    return node;
  }

  /** Drops nulls, empty arrays and empty maps (omitempty); keeps empty structs. */
  private static void prune(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      List<String> drop = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        prune(value);
        if (value.isNull() || (value.isArray() && value.isEmpty())
            || (value.isObject() && value.isEmpty() && MAP_FIELDS.contains(field.getKey()))) {
          drop.add(field.getKey());
        }
      }
      object.remove(drop);
    } else if (node.isArray()) {
      for (JsonNode element : (ArrayNode) node) {
        prune(element);
      }
    }
  }

  private static JsonNode sortedCopy(JsonNode node) {
    try {
      return MAPPER.readTree(GoJson.encode(node));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static StatefulSet withKind(StatefulSet set) {
    if (set.getApiVersion() != null && set.getKind() != null) {
      return set;
    }
    StatefulSet copy = new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder(set).build();
    copy.setApiVersion("apps/v1");
    copy.setKind("StatefulSet");
    return copy;
  }
}
