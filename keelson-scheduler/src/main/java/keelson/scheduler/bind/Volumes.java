package keelson.scheduler.bind;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import keelson.scheduler.cache.PodInfo;
import keelson.scheduler.filter.VolumeConstraints;

/**
 * Resolves what a pod's claims demand of its node (kube-scheduler's VolumeBinding PreFilter, for
 * bound claims and WaitForFirstConsumer claims; matching unbound claims to existing static volumes is
 * left to the PV controller). Pure: the lookups are the informers' stores.
 */
public final class Volumes {
  /** The annotation that tells the provisioner which node a WaitForFirstConsumer claim's pod goes to. */
  public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
  public static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

  private Volumes() {}

  /**
   * Returns the pod's volume constraints.
   *
   * @param claims claim by {@code namespace/name}, or null
   * @param volumes PersistentVolume by name, or null
   * @param classes StorageClass by name, or null
   */
  public static VolumeConstraints constraints(PodInfo pod, Function<String, PersistentVolumeClaim> claims,
      Function<String, PersistentVolume> volumes, Function<String, StorageClass> classes) {
    if (pod.claims().isEmpty()) {
      return VolumeConstraints.NONE;
    }
    String namespace = pod.pod().getMetadata().getNamespace();
    List<NodeSelector> affinities = new ArrayList<>(0);
    List<String> toSelect = new ArrayList<>(0);
    boolean missingVolume = false;
    boolean unboundImmediate = false;
    for (String name : pod.claims()) {
      PersistentVolumeClaim claim = claims.apply(namespace + "/" + name);
      if (claim == null) {
        return VolumeConstraints.failure(isEphemeral(pod, name)
            ? "waiting for ephemeral volume controller to create the persistentvolumeclaim \"" + name + "\""
            : "persistentvolumeclaim \"" + name + "\" not found");
      }
      if (claim.getMetadata().getDeletionTimestamp() != null) {
        return VolumeConstraints.failure("persistentvolumeclaim \"" + name + "\" is being deleted");
      }
      String volumeName = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
      if (volumeName != null && !volumeName.isEmpty()) {
        PersistentVolume pv = volumes.apply(volumeName);
        if (pv == null) {
          missingVolume = true;
        } else if (pv.getSpec() != null && pv.getSpec().getNodeAffinity() != null
            && pv.getSpec().getNodeAffinity().getRequired() != null) {
          affinities.add(pv.getSpec().getNodeAffinity().getRequired());
        }
        continue;
      }
      String className = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
      StorageClass storageClass = className == null || className.isEmpty() ? null : classes.apply(className);
      if (storageClass != null && "WaitForFirstConsumer".equals(storageClass.getVolumeBindingMode())) {
        toSelect.add(name);
      } else {
        unboundImmediate = true;
      }
    }
    if (unboundImmediate) {
      return VolumeConstraints.failure(UNBOUND_IMMEDIATE);
    }
    return new VolumeConstraints(null, List.copyOf(affinities), missingVolume, List.copyOf(toSelect));
  }

  /** Returns whether every claim is bound (has its volume), per the lookup. */
  public static boolean allBound(String namespace, List<String> names, Function<String, PersistentVolumeClaim> claims) {
    for (String name : names) {
      PersistentVolumeClaim claim = claims.apply(namespace + "/" + name);
      if (claim == null || claim.getSpec() == null || claim.getSpec().getVolumeName() == null
          || claim.getSpec().getVolumeName().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isEphemeral(PodInfo pod, String claim) {
    List<Volume> vols = pod.pod().getSpec().getVolumes();
    String prefix = pod.pod().getMetadata().getName() + "-";
    return vols != null && vols.stream().anyMatch(v -> v.getEphemeral() != null && claim.equals(prefix + v.getName()));
  }
}
