package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import keelson.api.validation.Identifiers.NameRule;

/** Node validation: taints, and podCIDR/providerID that may only be set once. */
final class NodeValidation implements KindValidator {
  private static final Path SPEC = Path.of("spec");

  @Override
  public Errors validateCreate(ObjectNode obj) {
    Errors errs = ObjectMetaValidation.validate(obj, false, NameRule.DNS1123_SUBDOMAIN);
    return errs.addAll(taints(Trees.items(obj, "spec", "taints")));
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
    errs.addAll(taints(Trees.items(obj, "spec", "taints")));
    List<String> before = Trees.strings(old, "spec", "podCIDRs");
    List<String> now = Trees.strings(obj, "spec", "podCIDRs");
    if (!before.isEmpty() && !before.equals(now)) {
      errs.forbidden(SPEC.child("podCIDRs"), "node updates may not change podCIDR except from \"\" to valid");
    }
    String providerID = Trees.text(old, "spec", "providerID");
    if (!providerID.isEmpty() && !providerID.equals(Trees.text(obj, "spec", "providerID"))) {
      errs.forbidden(SPEC.child("providerID"),
          "node updates may not change providerID except from \"\" to valid");
    }
    return errs;
  }

  private static Errors taints(List<JsonNode> taints) {
    Errors errs = new Errors();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < taints.size(); i++) {
      JsonNode taint = taints.get(i);
      Path p = SPEC.child("taints").index(i);
      String key = Trees.text(taint, "key");
      errs.invalidEach(p.child("key"), key, Identifiers.qualifiedName(key));
      String value = Trees.text(taint, "value");
      errs.invalidEach(p.child("value"), value, Identifiers.labelValue(value));
      String effect = Trees.text(taint, "effect");
      if (effect.isEmpty()) {
        errs.required(p.child("effect"), "");
      } else if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
        errs.notSupportedString(p.child("effect"), effect,
            List.of("NoSchedule", "PreferNoSchedule", "NoExecute"));
      }
      if (!seen.add(key + "\u0000" + effect)) {
        errs.duplicate(p, "core.Taint{Key:" + GoValues.string(key) + ", Value:"
            + GoValues.string(value) + ", Effect:" + GoValues.string(effect)
            + ", TimeAdded:<nil>}");
      }
    }
    return errs;
  }
}
