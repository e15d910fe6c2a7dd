package keelson.controllers.volume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/** One step of a storage plan; the controller executes a plan's steps in order. */
public sealed interface VolumeAction {
  /** Writes a claim's metadata and spec (status untouched). */
  record UpdateClaim(PersistentVolumeClaim claim) implements VolumeAction {}

  /** Writes a claim's status. */
  record UpdateClaimStatus(PersistentVolumeClaim claim) implements VolumeAction {}

  /** Creates a volume. */
  record CreateVolume(PersistentVolume volume) implements VolumeAction {}

  /** Writes a volume's metadata and spec. */
  record UpdateVolume(PersistentVolume volume) implements VolumeAction {}

  /** Writes a volume's status. */
  record UpdateVolumeStatus(PersistentVolume volume) implements VolumeAction {}

  /** Deletes a volume object (with a uid precondition). */
  record DeleteVolume(String name, String uid) implements VolumeAction {}

  /** Creates the directory backing a volume. */
  record CreateDirectory(String path) implements VolumeAction {}

  /** Removes the directory backing a volume, with its contents. */
  record DeleteDirectory(String path) implements VolumeAction {}

  /** Records an event about an object. */
  record RecordEvent(HasMetadata object, boolean warning, String reason, String message) implements VolumeAction {}
}
