package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Prints storageclasses: Name (with {@code  (default)} for the default class), Provisioner,
 * ReclaimPolicy, VolumeBindingMode, AllowVolumeExpansion (a JSON boolean cell), Age.
 */
final class StorageClassPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Provisioner", "The volume plugin or CSI driver that provisions volumes of this class."),
      Columns.text("ReclaimPolicy", "What happens to provisioned volumes when their claim goes away."),
      Columns.text("VolumeBindingMode", "When claims are bound and provisioned: at once or at first use."),
      Columns.text("AllowVolumeExpansion", "Whether claims of this class may grow."),
      Columns.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode storageClass, Instant now) {
    String name = Json.name(storageClass) + (isDefault(storageClass) ? " (default)" : "");
    String reclaim = Json.text(storageClass, "reclaimPolicy");
    String binding = Json.text(storageClass, "volumeBindingMode");
    return List.of(name, Json.text(storageClass, "provisioner"), reclaim.isEmpty() ? "Delete" : reclaim,
        binding.isEmpty() ? "Immediate" : binding, Json.bool(storageClass, "allowVolumeExpansion"),
        Json.age(storageClass, now));
  }

  /** Returns whether the class carries the GA or the legacy beta default-class annotation set to "true". */
  static boolean isDefault(JsonNode storageClass) {
    JsonNode annotations = Json.at(storageClass, "metadata", "annotations");
    return "true".equals(Json.text(annotations, "storageclass.kubernetes.io/is-default-class"))
        || "true".equals(Json.text(annotations, "storageclass.beta.kubernetes.io/is-default-class"));
  }
}
