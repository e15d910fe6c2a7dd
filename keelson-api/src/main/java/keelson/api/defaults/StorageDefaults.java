package keelson.api.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** core/v1 and storage/v1 defaults for claims, volumes and classes. */
final class StorageDefaults {
  private StorageDefaults() {}

  /** A claim, standalone or inside a StatefulSet's volumeClaimTemplates. */
  static void claim(ObjectNode claim) {
    Nodes.defaultText(Nodes.object(claim, "spec"), "volumeMode", "Filesystem");
    Nodes.defaultText(Nodes.object(claim, "status"), "phase", "Pending");
  }

  static void volume(ObjectNode pv) {
    ObjectNode spec = Nodes.object(pv, "spec");
    Nodes.defaultText(spec, "persistentVolumeReclaimPolicy", "Retain");
    Nodes.defaultText(spec, "volumeMode", "Filesystem");
    Nodes.defaultText(Nodes.object(pv, "status"), "phase", "Pending");
    ObjectNode hostPath = Nodes.existing(spec, "hostPath");
    if (hostPath != null && Nodes.unset(hostPath, "type")) {
      hostPath.put("type", "");
    }
  }

  static void storageClass(ObjectNode sc) {
    Nodes.defaultText(sc, "reclaimPolicy", "Delete");
    Nodes.defaultText(sc, "volumeBindingMode", "Immediate");
  }
}
