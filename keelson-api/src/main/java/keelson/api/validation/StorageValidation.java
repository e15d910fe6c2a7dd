package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import keelson.api.validation.Identifiers.NameRule;

/** PersistentVolumeClaim, PersistentVolume and StorageClass validation. */
final class StorageValidation {
  private StorageValidation() {}

  private static final Path SPEC = Path.of("spec");
  static final List<String> ACCESS_MODES =
      List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
  private static final String[] PV_SOURCES = {
    "gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs", "rbd", "quobyte",
    "iscsi", "cinder", "cephfs", "fc", "flocker", "flexVolume", "azureFile", "vsphereVolume",
    "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "local", "storageos", "csi"
  };

  static void accessModes(JsonNode spec, Path path, String requiredDetail, Errors errs) {
    List<String> modes = Trees.strings(spec, "accessModes");
    if (modes.isEmpty()) {
      errs.required(path, requiredDetail);
    }
    boolean rwop = false;
    boolean other = false;
    for (String mode : modes) {
      if (!ACCESS_MODES.contains(mode)) {
        errs.notSupportedString(path, mode, ACCESS_MODES);
      }
      if (mode.equals("ReadWriteOncePod")) {
        rwop = true;
      } else {
        other = true;
      }
    }
    if (rwop && other) {
      errs.forbidden(path, "may not use ReadWriteOncePod with other access modes");
    }
  }

  private static void volumeMode(JsonNode spec, Path path, Errors errs) {
    if (Trees.has(spec, "volumeMode")) {
      String mode = Trees.text(spec, "volumeMode");
      if (!mode.equals("Block") && !mode.equals("Filesystem")) {
        errs.notSupportedString(path, mode, List.of("Block", "Filesystem"));
      }
    }
  }

  private static void positiveQuantity(String text, Path path, Errors errs) {
    BigDecimal value = Quantities.parse(text);
    if (value != null && value.signum() <= 0) {
      errs.invalidString(path, text, "must be greater than zero");
    }
  }

  /** PersistentVolumeClaim validation. */
  static final class Claims implements KindValidator {
    @Override
    public Errors validateCreate(ObjectNode obj) {
      Errors errs = ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_SUBDOMAIN);
      return errs.addAll(spec(Trees.at(obj, "spec")));
    }

    static Errors spec(JsonNode spec) {
      Errors errs = new Errors();
      accessModes(spec, SPEC.child("accessModes"), "at least 1 access mode is required", errs);
      JsonNode selector = Trees.at(spec, "selector");
      if (!selector.isMissingNode()) {
        errs.addAll(LabelSelectors.validate(selector, SPEC.child("selector")));
      }
      Map<String, String> requests = Trees.stringMap(spec, "resources", "requests");
      Path storage = SPEC.child("resources").key("storage");
      if (!requests.containsKey("storage")) {
        errs.required(storage, "");
      } else {
        positiveQuantity(requests.get("storage"), storage, errs);
      }
      String className = Trees.text(spec, "storageClassName");
      if (!className.isEmpty()) {
        errs.invalidEach(SPEC.child("storageClassName"), className,
            NameRule.DNS1123_SUBDOMAIN.check(className, false));
      }
      volumeMode(spec, SPEC.child("volumeMode"), errs);
      return errs;
    }

    @Override
    public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
      Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
      JsonNode spec = Trees.at(obj, "spec");
      JsonNode oldSpec = Trees.at(old, "spec");
      errs.addAll(spec(spec));
      ObjectNode now = spec.isObject() ? ((ObjectNode) spec).deepCopy() : null;
      ObjectNode before = oldSpec.isObject() ? ((ObjectNode) oldSpec).deepCopy() : null;
      if (now != null && before != null) {
        // the binder may set volumeName once
        if (Trees.text(oldSpec, "volumeName").isEmpty()) {
          now.remove("volumeName");
          before.remove("volumeName");
        }
        // the default class may be filled in later when none was set
        if (!Trees.has(oldSpec, "storageClassName")) {
          now.remove("storageClassName");
        }
        now.remove("volumeAttributesClassName");
        before.remove("volumeAttributesClassName");
        if (Trees.text(obj, "status", "phase").equals("Bound")) {
          JsonNode oldStorage = Trees.at(oldSpec, "resources", "requests", "storage");
          if (now.path("resources").path("requests") instanceof ObjectNode requests) {
            if (oldStorage.isMissingNode()) {
              requests.remove("storage");
            } else {
              requests.set("storage", oldStorage);
            }
          }
        }
      }
      if (!Trees.same(now, before)) {
        errs.forbidden(SPEC, "spec is immutable after creation except resources.requests and"
            + " volumeAttributesClassName for bound claims");
      }
      BigDecimal newSize = Quantities.parse(Trees.text(spec, "resources", "requests", "storage"));
      BigDecimal oldSize = Quantities.parse(Trees.text(oldSpec, "resources", "requests", "storage"));
      BigDecimal statusSize = Quantities.parse(Trees.text(old, "status", "capacity", "storage"));
      if (newSize != null && oldSize != null && newSize.compareTo(oldSize) < 0) {
        // RecoverVolumeExpansionFailure (beta, on in 1.32) allows shrinking back towards the
        // capacity actually provisioned, never below it.
        if (statusSize == null || newSize.compareTo(statusSize) <= 0) {
          errs.forbidden(SPEC.child("resources", "requests", "storage"),
              "field can not be less than status.capacity");
        }
      }
      return errs;
    }
  }

  /** PersistentVolume validation. */
  static final class Volumes implements KindValidator {
    @Override
    public Errors validateCreate(ObjectNode obj) {
      Errors errs = ObjectMetaValidation.validate(obj, false, NameRule.DNS1123_SUBDOMAIN);
      return errs.addAll(spec(Trees.at(obj, "spec")));
    }

    private static Errors spec(JsonNode spec) {
      Errors errs = new Errors();
      accessModes(spec, SPEC.child("accessModes"), "", errs);
      Map<String, String> capacity = Trees.stringMap(spec, "capacity");
      if (capacity.isEmpty()) {
        errs.required(SPEC.child("capacity"), "");
      }
      if (!capacity.containsKey("storage") || capacity.size() > 1) {
        errs.notSupported(SPEC.child("capacity"), resourceList(capacity), List.of("storage"));
      }
      for (Map.Entry<String, String> e : capacity.entrySet()) {
        positiveQuantity(e.getValue(), SPEC.child("capacity").key(e.getKey()), errs);
      }
      String className = Trees.text(spec, "storageClassName");
      if (!className.isEmpty()) {
        errs.invalidEach(SPEC.child("storageClassName"), className,
            NameRule.DNS1123_SUBDOMAIN.check(className, false));
      }
      volumeMode(spec, SPEC.child("volumeMode"), errs);
      int sources = 0;
      for (String source : PV_SOURCES) {
        if (Trees.has(spec, source)) {
          sources++;
          if (sources > 1) {
            errs.forbidden(SPEC.child(source), "may not specify more than 1 volume type");
          }
        }
      }
      if (sources == 0) {
        errs.required(SPEC, "must specify a volume type");
      }
      String reclaim = Trees.text(spec, "persistentVolumeReclaimPolicy");
      if (!reclaim.isEmpty() && !List.of("Delete", "Recycle", "Retain").contains(reclaim)) {
        errs.notSupportedString(SPEC.child("persistentVolumeReclaimPolicy"), reclaim,
            List.of("Delete", "Recycle", "Retain"));
      }
      return errs;
    }

    @Override
    public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
      Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
      JsonNode spec = Trees.at(obj, "spec");
      JsonNode oldSpec = Trees.at(old, "spec");
      errs.addAll(spec(spec));
      for (String source : PV_SOURCES) {
        if (!Trees.same(Trees.at(spec, source), Trees.at(oldSpec, source))) {
          errs.forbidden(SPEC.child("persistentvolumesource"),
              "spec.persistentvolumesource is immutable after creation\n"
                  + PodValidation.diff("spec", oldSpec, spec));
          break;
        }
      }
      String mode = Trees.text(spec, "volumeMode");
      if (!mode.equals(Trees.text(oldSpec, "volumeMode"))) {
        errs.invalidString(Path.of("volumeMode"), mode, "field is immutable");
      }
      return errs;
    }

    private static String resourceList(Map<String, String> capacity) {
      if (capacity.isEmpty()) {
        return "core.ResourceList(nil)";
      }
      StringBuilder out = new StringBuilder("core.ResourceList{");
      boolean first = true;
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(capacity).entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        out.append(GoValues.string(e.getKey())).append(":").append(GoValues.string(e.getValue()));
      }
      return out.append('}').toString();
    }
  }

  /** StorageClass validation. */
  static final class Classes implements KindValidator {
    private static final int MAX_PARAMETER_SIZE = 256 * 1024;

    @Override
    public Errors validateCreate(ObjectNode obj) {
      Errors errs = ObjectMetaValidation.validate(obj, false, NameRule.DNS1123_SUBDOMAIN);
      String provisioner = Trees.text(obj, "provisioner");
      Path p = Path.of("provisioner");
      if (provisioner.isEmpty()) {
        errs.required(p, "");
      } else {
        errs.invalidEach(p, provisioner,
            Identifiers.qualifiedName(provisioner.toLowerCase(java.util.Locale.ROOT)));
      }
      long size = 0;
      for (Map.Entry<String, String> e : Trees.stringMap(obj, "parameters").entrySet()) {
        if (e.getKey().isEmpty()) {
          errs.invalidString(Path.of("parameters"), "", "field can not be empty.");
        }
        size += e.getKey().length() + e.getValue().length();
      }
      if (size > MAX_PARAMETER_SIZE) {
        errs.tooLong(Path.of("parameters"), MAX_PARAMETER_SIZE);
      }
      String reclaim = Trees.text(obj, "reclaimPolicy");
      if (!reclaim.isEmpty() && !reclaim.equals("Delete") && !reclaim.equals("Retain")) {
        errs.notSupportedString(Path.of("reclaimPolicy"), reclaim, List.of("Delete", "Retain"));
      }
      String mode = Trees.text(obj, "volumeBindingMode");
      if (!Trees.has(obj, "volumeBindingMode")) {
        errs.required(Path.of("volumeBindingMode"), "");
      } else if (!mode.equals("Immediate") && !mode.equals("WaitForFirstConsumer")) {
        errs.notSupportedString(Path.of("volumeBindingMode"), mode,
            List.of("Immediate", "WaitForFirstConsumer"));
      }
      return errs;
    }

    @Override
    public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
      Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
      if (!Trees.same(Trees.at(obj, "parameters"), Trees.at(old, "parameters"))) {
        errs.forbidden(Path.of("parameters"), "updates to parameters are forbidden.");
      }
      if (!Trees.text(obj, "provisioner").equals(Trees.text(old, "provisioner"))) {
        errs.forbidden(Path.of("provisioner"), "updates to provisioner are forbidden.");
      }
      if (!Trees.text(obj, "reclaimPolicy").equals(Trees.text(old, "reclaimPolicy"))) {
        errs.forbidden(Path.of("reclaimPolicy"), "updates to reclaimPolicy are forbidden.");
      }
      String mode = Trees.text(obj, "volumeBindingMode");
      if (!mode.equals(Trees.text(old, "volumeBindingMode"))) {
        errs.invalidString(Path.of("volumeBindingMode"), mode, "field is immutable");
      }
      return errs;
    }
  }
}
