package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Prints persistentvolumes: Name, Capacity, Access Modes, Reclaim Policy, Status, Claim, StorageClass,
 * VolumeAttributesClass, Reason, Age | VolumeMode.
 */
final class PersistentVolumePrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Capacity", "The volume's size."),
      Columns.text("Access Modes", "How the volume can be mounted."),
      Columns.text("Reclaim Policy", "What happens to the volume when its claim is deleted."),
      Columns.text("Status", "The volume's phase, or Terminating once deletion started."),
      Columns.text("Claim", "The namespace/name of the claim the volume is reserved for."),
      Columns.text("StorageClass", "The class the volume belongs to."),
      Columns.text("VolumeAttributesClass", "The volume attributes class of the volume."),
      Columns.text("Reason", "Why the volume is in its phase, if given."),
      Columns.age(),
      Columns.wide("VolumeMode", "Filesystem or Block."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode volume, Instant now) {
    JsonNode claimRef = Json.at(volume, "spec", "claimRef");
    String claim = claimRef.isObject() ? Json.text(claimRef, "namespace") + "/" + Json.text(claimRef, "name") : "";
    String phase = Json.present(volume, "metadata", "deletionTimestamp")
        ? "Terminating" : Json.text(volume, "status", "phase");
    return List.of(Json.name(volume), Json.text(volume, "spec", "capacity", "storage"),
        AccessModes.abbreviate(Json.at(volume, "spec", "accessModes")),
        Json.text(volume, "spec", "persistentVolumeReclaimPolicy"), phase, claim, AccessModes.storageClass(volume),
        PersistentVolumeClaimPrinter.unset(Json.text(volume, "spec", "volumeAttributesClassName")),
        Json.text(volume, "status", "reason"), Json.age(volume, now),
        PersistentVolumeClaimPrinter.unset(Json.text(volume, "spec", "volumeMode")));
  }
}
