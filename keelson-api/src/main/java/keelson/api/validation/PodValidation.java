package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import keelson.api.validation.Identifiers.NameRule;

/**
 * Pod validation (core ValidatePodCreate and ValidatePodUpdate). On update only images,
 * activeDeadlineSeconds, added tolerations, removed scheduling gates and a negative grace period
 * raised to 1 may change; anything else is the long "pod updates may not change fields" error.
 */
final class PodValidation implements KindValidator {
  private static final Path SPEC = Path.of("spec");
  /** The condition types the system sets, which need not be qualified names. */
  private static final java.util.Set<String> SYSTEM_CONDITIONS =
      java.util.Set.of("PodScheduled", "Ready", "Initialized");
  static final String UPDATE_FORBIDDEN = "pod updates may not change fields other than"
      + " `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
      + "`spec.tolerations` (only additions to existing tolerations),"
      + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

  @Override
  public Errors validateCreate(ObjectNode obj) {
    Errors errs = ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_SUBDOMAIN);
    JsonNode spec = Trees.at(obj, "spec");
    errs.addAll(PodSpecValidation.validate(spec, SPEC));
    if (!Trees.items(spec, "ephemeralContainers").isEmpty()) {
      errs.forbidden(SPEC.child("ephemeralContainers"), "cannot be set on create");
    }
    return errs;
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
    JsonNode spec = Trees.at(obj, "spec");
    JsonNode oldSpec = Trees.at(old, "spec");
    errs.addAll(PodSpecValidation.validate(spec, SPEC));
    for (String list : new String[] {"containers", "initContainers"}) {
      List<JsonNode> now = Trees.items(spec, list);
      if (now.size() != Trees.items(oldSpec, list).size()) {
        return errs.forbidden(SPEC.child(list), "pod updates may not add or remove containers");
      }
      for (int i = 0; i < now.size(); i++) {
        String image = Trees.text(now.get(i), "image");
        if (!image.isEmpty() && !image.strip().equals(image)) {
          errs.invalidString(SPEC.child(list).index(i).child("image"), image,
              "must not have leading or trailing whitespace");
        }
      }
    }
    Path deadline = SPEC.child("activeDeadlineSeconds");
    if (Trees.has(spec, "activeDeadlineSeconds")) {
      long value = Trees.integer(spec, 0, "activeDeadlineSeconds");
      if (value < 0 || value > Integer.MAX_VALUE) {
        return errs.invalidInt(deadline, value, Identifiers.inclusiveRangeError(0, Integer.MAX_VALUE));
      }
      if (Trees.has(oldSpec, "activeDeadlineSeconds")
          && Trees.integer(oldSpec, 0, "activeDeadlineSeconds") < value) {
        return errs.invalidInt(deadline, value, "must be less than or equal to previous value");
      }
    } else if (Trees.has(oldSpec, "activeDeadlineSeconds")) {
      errs.invalidString(deadline, "null", "must not update from a positive integer to nil value");
    }
    onlyAddedTolerations(spec, oldSpec, errs);
    if (Trees.same(spec, oldSpec)) {
      return errs;
    }
    ObjectNode munged = spec.isObject() ? ((ObjectNode) spec).deepCopy() : JsonNodeFactory.instance.objectNode();
    for (String list : new String[] {"containers", "initContainers"}) {
      JsonNode items = munged.get(list);
      List<JsonNode> olds = Trees.items(oldSpec, list);
      if (items instanceof ArrayNode array) {
        for (int i = 0; i < array.size() && i < olds.size(); i++) {
          if (array.get(i) instanceof ObjectNode ctr) {
            ctr.set("image", olds.get(i).get("image"));
          }
        }
      }
    }
    for (String field : new String[] {"activeDeadlineSeconds", "schedulingGates", "tolerations"}) {
      munged.remove(field);
      if (oldSpec.has(field)) {
        munged.set(field, oldSpec.get(field));
      }
    }
    if (Trees.integer(oldSpec, 0, "terminationGracePeriodSeconds") < 0
        && Trees.integer(munged, 0, "terminationGracePeriodSeconds") == 1) {
      munged.set("terminationGracePeriodSeconds", oldSpec.get("terminationGracePeriodSeconds"));
    }
    if (!Trees.same(munged, oldSpec)) {
      errs.forbidden(SPEC, UPDATE_FORBIDDEN + "\n" + diff("spec", oldSpec, munged));
    }
    return errs;
  }

  /**
   * A write through pods/status, validated as Kubernetes' pod status strategy does
   * (ValidatePodStatusUpdate): metadata update rules and status rules, never the spec. That is
   * sound because the status preparation has already put the stored spec back, so the spec rules of
   * {@link #validateUpdate} could only compare the stored spec with itself; skipping them saves
   * validating a whole pod spec on every kubelet status write.
   */
  @Override
  public Errors validateStatusUpdate(ObjectNode obj, ObjectNode old) {
    Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
    // Kubernetes checks custom condition types under metadata.conditions[i].Type (sic).
    List<JsonNode> conditions = Trees.items(Trees.at(obj, "status"), "conditions");
    for (int i = 0; i < conditions.size(); i++) {
      String type = Trees.text(conditions.get(i), "type");
      List<String> problems = SYSTEM_CONDITIONS.contains(type) ? List.of() : Identifiers.qualifiedName(type);
      if (!problems.isEmpty()) {
        errs.invalidEach(Path.of("metadata").child("conditions").index(i).child("Type"), type, problems);
      }
    }
    String qos = Trees.text(Trees.at(obj, "status"), "qosClass");
    errs.immutable(Path.of("status").child("qosClass"), GoValues.string(qos),
        !qos.equals(Trees.text(Trees.at(old, "status"), "qosClass")));
    return errs;
  }

  private static void onlyAddedTolerations(JsonNode spec, JsonNode oldSpec, Errors errs) {
    List<JsonNode> now = Trees.items(spec, "tolerations");
    for (JsonNode old : Trees.items(oldSpec, "tolerations")) {
      boolean kept = false;
      for (JsonNode t : now) {
        ObjectNode a = ((ObjectNode) t).deepCopy();
        ObjectNode b = ((ObjectNode) old).deepCopy();
        a.remove("tolerationSeconds");
        b.remove("tolerationSeconds");
        if (Trees.same(a, b)) {
          kept = true;
          break;
        }
      }
      if (!kept) {
        errs.forbidden(SPEC.child("tolerations"),
            "existing toleration can not be modified except its tolerationSeconds");
        return;
      }
    }
  }

  /**
   * Describes what differs, one line per changed field. kube-apiserver appends a go-cmp diff
   * here whose exact layout cannot be reproduced; clients only show it, never parse it.
   */
  static String diff(String prefix, JsonNode before, JsonNode after) {
    List<String> lines = new ArrayList<>();
    collect(prefix, before, after, lines);
    return String.join("\n", lines);
  }

  private static void collect(String path, JsonNode a, JsonNode b, List<String> out) {
    if (Trees.same(a, b)) {
      return;
    }
    if (a != null && b != null && a.isObject() && b.isObject()) {
      java.util.TreeSet<String> names = new java.util.TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        collect(path + "." + name, a.get(name), b.get(name), out);
      }
      return;
    }
    if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        collect(path + "[" + i + "]", a.get(i), b.get(i), out);
      }
      return;
    }
    out.add("  - " + path + ": " + (a == null ? "null" : a.toString()));
    out.add("  + " + path + ": " + (b == null ? "null" : b.toString()));
  }
}
