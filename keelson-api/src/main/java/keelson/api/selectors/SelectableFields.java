package keelson.api.selectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import keelson.api.registry.ResourceType;

/**
 * The field labels a kind accepts in {@code fieldSelector} and the value each label has for an object.
 *
 * <p>Mirrors kube-apiserver 1.32: kinds with a registered field-label conversion (pods, nodes,
 * namespaces, secrets, events, replicasets) accept their own list and reject others with
 * {@code field label not supported: <label>}; every other kind accepts only {@code metadata.name} and
 * {@code metadata.namespace} and rejects others with apimachinery's default text. A label can be
 * accepted yet absent from the object's field set (for example a pod's {@code status.podIPs}); it
 * then has the value "", as a missing field has.
 */
final class SelectableFields {

  private static final Set<String> META_ONLY = Set.of("metadata.name", "metadata.namespace");

  private final Set<String> accepted;
  private final boolean ownConversion;
  private final BiConsumer<JsonNode, Map<String, String>> kindFields;

  private SelectableFields(Set<String> accepted, boolean ownConversion,
      BiConsumer<JsonNode, Map<String, String>> kindFields) {
    this.accepted = accepted;
    this.ownConversion = ownConversion;
    this.kindFields = kindFields;
  }

  /** The field labels of the core and apps kinds, by kind; every other group selects on metadata only. */
  private static final Map<String, SelectableFields> BY_KIND = new ConcurrentHashMap<>();
  private static final SelectableFields METADATA_ONLY = new SelectableFields(META_ONLY, false, (obj, set) -> {});
  private static final List<String> INVOLVED_OBJECT_FIELDS = List.of("kind", "namespace", "name", "uid",
      "apiVersion", "resourceVersion", "fieldPath");
  private static final List<String> INVOLVED_OBJECT_LABELS =
      INVOLVED_OBJECT_FIELDS.stream().map(f -> "involvedObject." + f).toList();

  /**
   * Returns the field labels of a kind: one shared instance per kind, looked up by its name (the
   * watch cache asks for every event it applies).
   */
  static SelectableFields of(ResourceType type) {
    if (!type.group().isEmpty() && !type.group().equals("apps")) {
      return METADATA_ONLY;
    }
    return BY_KIND.computeIfAbsent(type.kind(), SelectableFields::forKind);
  }

  private static SelectableFields forKind(String kind) {
    return switch (kind) {
      case "Pod" -> new SelectableFields(Set.of("metadata.annotations", "metadata.labels", "metadata.name",
          "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
          "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
          "status.nominatedNodeName", "spec.host"), true, SelectableFields::podFields);
      case "Node" -> new SelectableFields(Set.of("metadata.name", "spec.unschedulable"), true,
          (node, set) -> set.put("spec.unschedulable", String.valueOf(node.path("spec").path("unschedulable").asBoolean())));
      case "Namespace" -> new SelectableFields(Set.of("metadata.name", "status.phase"), true,
          (ns, set) -> set.put("status.phase", text(ns, "status", "phase")));
      case "Secret" -> new SelectableFields(Set.of("metadata.name", "metadata.namespace", "type"), true,
          (secret, set) -> set.put("type", text(secret, "type")));
      case "ReplicaSet" -> new SelectableFields(Set.of("metadata.name", "metadata.namespace", "status.replicas"),
          true, (rs, set) -> set.put("status.replicas", String.valueOf(rs.path("status").path("replicas").asLong())));
      case "Event" -> new SelectableFields(Set.of("metadata.name", "metadata.namespace", "involvedObject.kind",
          "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
          "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source",
          "type"), true, SelectableFields::eventFields);
      default -> METADATA_ONLY;
    };
  }

  /**
   * Returns the label the selector is evaluated with (only the legacy {@code spec.host} of pods is
   * renamed, to {@code spec.nodeName}).
   *
   * @throws SelectorException with kube-apiserver's text if the kind does not support the label
   */
  String convert(String label) {
    if (!accepted.contains(label)) {
      if (ownConversion) {
        throw new SelectorException("field label not supported: " + label);
      }
      throw new SelectorException(GoText.quote(label) + " is not a known field selector: only "
          + GoText.quote("metadata.name") + ", " + GoText.quote("metadata.namespace"));
    }
    return label.equals("spec.host") ? "spec.nodeName" : label;
  }

  /** Returns the field set of an object: each selectable label and its value as a string. */
  Map<String, String> valuesOf(JsonNode obj, boolean namespaced) {
    Map<String, String> set = new HashMap<>();
    set.put("metadata.name", text(obj, "metadata", "name"));
    if (namespaced) {
      set.put("metadata.namespace", text(obj, "metadata", "namespace"));
    }
    kindFields.accept(obj, set);
    return set;
  }

  private static void podFields(JsonNode pod, Map<String, String> set) {
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    set.put("spec.nodeName", spec.path("nodeName").asText(""));
    set.put("spec.restartPolicy", spec.path("restartPolicy").asText(""));
    set.put("spec.schedulerName", spec.path("schedulerName").asText(""));
    set.put("spec.serviceAccountName", spec.path("serviceAccountName").asText(""));
    set.put("spec.hostNetwork", String.valueOf(spec.path("hostNetwork").asBoolean(false)));
    set.put("status.phase", status.path("phase").asText(""));
    // Like upstream, status.podIP is taken from the first entry of podIPs, not from podIP.
    set.put("status.podIP", status.path("podIPs").path(0).path("ip").asText(""));
    set.put("status.nominatedNodeName", status.path("nominatedNodeName").asText(""));
  }

  private static void eventFields(JsonNode event, Map<String, String> set) {
    JsonNode involved = event.path("involvedObject");
    for (int i = 0; i < INVOLVED_OBJECT_FIELDS.size(); i++) {
      set.put(INVOLVED_OBJECT_LABELS.get(i), involved.path(INVOLVED_OBJECT_FIELDS.get(i)).asText(""));
    }
    set.put("reason", text(event, "reason"));
    String reportingController = text(event, "reportingComponent");
    set.put("reportingComponent", reportingController);
    String source = text(event, "source", "component");
    set.put("source", source.isEmpty() ? reportingController : source);
    set.put("type", text(event, "type"));
  }

  private static String text(JsonNode node, String... path) {
    JsonNode at = node;
    for (String step : path) {
      at = at.path(step);
    }
    return at.isValueNode() ? at.asText() : "";
  }
}
