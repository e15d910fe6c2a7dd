package keelson.controllers.volume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.io.IOException;

/**
 * The storage controllers' only I/O. Writes carry the object's resourceVersion (a stale one fails
 * with a conflict, and the step is retried from fresh data) and return the object as written.
 */
public interface VolumeActions {
  PersistentVolumeClaim updateClaim(PersistentVolumeClaim claim);

  PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim);

  PersistentVolume createVolume(PersistentVolume volume);

  PersistentVolume updateVolume(PersistentVolume volume);

  PersistentVolume updateVolumeStatus(PersistentVolume volume);

  /** Deletes a volume object if its uid still matches. */
  void deleteVolume(String name, String uid);

  /** Reads a claim live (the cache may lag); null if none. */
  PersistentVolumeClaim getClaim(String namespace, String name);

  void createDirectory(String path) throws IOException;

  /** Removes a directory and everything in it; a missing directory is not an error. */
  void deleteDirectory(String path) throws IOException;

  void event(HasMetadata object, boolean warning, String reason, String message);

  /**
   * Executes a plan in order, carrying each write's new resourceVersion and metadata to later writes
   * of the same object, so a plan can update an object's spec and then its status: a status write
   * carries the object's metadata too, and a stale copy would undo the annotations the first write
   * added (such as {@code pv.kubernetes.io/bound-by-controller}).
   */
  static void execute(VolumeActions actions, java.util.List<VolumeAction> plan) throws IOException {
    java.util.Map<String, io.fabric8.kubernetes.api.model.ObjectMeta> versions = new java.util.HashMap<>();
    for (VolumeAction action : plan) {
      switch (action) {
        case VolumeAction.UpdateClaim a -> remember(versions, actions.updateClaim(fresh(versions, a.claim())));
        case VolumeAction.UpdateClaimStatus a ->
            remember(versions, actions.updateClaimStatus(freshForStatus(versions, a.claim())));
        case VolumeAction.CreateVolume a -> remember(versions, actions.createVolume(a.volume()));
        case VolumeAction.UpdateVolume a -> remember(versions, actions.updateVolume(fresh(versions, a.volume())));
        case VolumeAction.UpdateVolumeStatus a ->
            remember(versions, actions.updateVolumeStatus(freshForStatus(versions, a.volume())));
        case VolumeAction.DeleteVolume a -> actions.deleteVolume(a.name(), a.uid());
        case VolumeAction.CreateDirectory a -> actions.createDirectory(a.path());
        case VolumeAction.DeleteDirectory a -> actions.deleteDirectory(a.path());
        case VolumeAction.RecordEvent a -> actions.event(a.object(), a.warning(), a.reason(), a.message());
      }
    }
  }

  private static String id(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private static <T extends HasMetadata> T fresh(java.util.Map<String, io.fabric8.kubernetes.api.model.ObjectMeta> versions,
      T o) {
    io.fabric8.kubernetes.api.model.ObjectMeta written = versions.get(id(o));
    if (written != null) {
      o.getMetadata().setResourceVersion(written.getResourceVersion());
    }
    return o;
  }

  /** A status write takes the metadata the plan's earlier write left, so it cannot undo it. */
  private static <T extends HasMetadata> T freshForStatus(
      java.util.Map<String, io.fabric8.kubernetes.api.model.ObjectMeta> versions, T o) {
    io.fabric8.kubernetes.api.model.ObjectMeta written = versions.get(id(o));
    if (written != null) {
      o.getMetadata().setResourceVersion(written.getResourceVersion());
      o.getMetadata().setAnnotations(written.getAnnotations());
      o.getMetadata().setLabels(written.getLabels());
      o.getMetadata().setFinalizers(written.getFinalizers());
    }
    return o;
  }

  private static void remember(java.util.Map<String, io.fabric8.kubernetes.api.model.ObjectMeta> versions,
      HasMetadata written) {
    if (written != null) {
      versions.put(id(written), written.getMetadata());
    }
  }
}
