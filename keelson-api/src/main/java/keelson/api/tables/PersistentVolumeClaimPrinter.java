package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Prints persistentvolumeclaims: Name, Status, Volume, Capacity, Access Modes, StorageClass,
 * VolumeAttributesClass, Age | VolumeMode. Capacity and access modes stay blank until the claim names
 * a volume.
 */
final class PersistentVolumeClaimPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Status", "The claim's phase, or Terminating once deletion started."),
      Columns.text("Volume", "The volume bound to the claim."),
      Columns.text("Capacity", "The bound volume's size."),
      Columns.text("Access Modes", "How the bound volume can be mounted."),
      Columns.text("StorageClass", "The class the claim requests."),
      Columns.text("VolumeAttributesClass", "The volume attributes class the claim requests."),
      Columns.age(),
      Columns.wide("VolumeMode", "Filesystem or Block."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode claim, Instant now) {
    String phase = Json.present(claim, "metadata", "deletionTimestamp")
        ? "Terminating" : Json.text(claim, "status", "phase");
    String volume = Json.text(claim, "spec", "volumeName");
    String capacity = "";
    String modes = "";
    if (!volume.isEmpty()) {
      capacity = Json.text(claim, "status", "capacity", "storage");
      modes = AccessModes.abbreviate(Json.at(claim, "status", "accessModes"));
    }
    return List.of(Json.name(claim), phase, volume, capacity, modes, AccessModes.storageClass(claim),
        unset(Json.text(claim, "spec", "volumeAttributesClassName")), Json.age(claim, now),
        unset(Json.text(claim, "spec", "volumeMode")));
  }

  static String unset(String value) {
    return value.isEmpty() ? "<unset>" : value;
  }
}
