package keelson.controllers.volume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Names and pure helpers of the storage controllers: annotations, finalizers, classes, claims. */
public final class Volumes {
  private Volumes() {}

  public static final String PROVISIONER = "keelson.dev/local-path";
  public static final String STANDARD_CLASS = "standard";
  public static final String ANN_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
  public static final String ANN_BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";
  public static final String ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";
  public static final String ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
  public static final String ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
  public static final String ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
  public static final String ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
  public static final String ANN_PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
  public static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";
  public static final String PV_PROTECTION = "kubernetes.io/pv-protection";
  public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

  /** Returns the class Keelson ships: {@code standard}, default, local-path, Delete, WaitForFirstConsumer. */
  public static StorageClass standardClass() {
    return new StorageClassBuilder()
        .withNewMetadata().withName(STANDARD_CLASS).addToAnnotations(ANN_DEFAULT_CLASS, "true").endMetadata()
        .withProvisioner(PROVISIONER).withReclaimPolicy("Delete").withVolumeBindingMode(WAIT_FOR_FIRST_CONSUMER)
        .build();
  }

  /** Returns whether a class is annotated as the default (the beta annotation counts too). */
  public static boolean isDefault(StorageClass sc) {
    Map<String, String> ann = sc.getMetadata().getAnnotations();
    return ann != null && ("true".equals(ann.get(ANN_DEFAULT_CLASS)) || "true".equals(ann.get(ANN_BETA_DEFAULT_CLASS)));
  }

  /** Returns the default class: of several, the most recently created (then the first by name). */
  public static Optional<StorageClass> defaultClass(Iterable<StorageClass> classes) {
    StorageClass best = null;
    for (StorageClass sc : classes) {
      if (!isDefault(sc) || sc.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (best == null || compareCreation(sc, best) > 0) {
        best = sc;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int compareCreation(StorageClass a, StorageClass b) {
    String ta = Objects.toString(a.getMetadata().getCreationTimestamp(), "");
    String tb = Objects.toString(b.getMetadata().getCreationTimestamp(), "");
    int c = ta.compareTo(tb); // RFC 3339 UTC timestamps order as strings
    return c != 0 ? c : b.getMetadata().getName().compareTo(a.getMetadata().getName());
  }

  /** Returns whether a class delays binding until a consumer is scheduled. */
  public static boolean isDelayed(StorageClass sc) {
    return sc != null && WAIT_FOR_FIRST_CONSUMER.equals(sc.getVolumeBindingMode());
  }

  /** Returns the claim's requested storage in bytes (0 if none). */
  public static BigDecimal requestBytes(PersistentVolumeClaim claim) {
    if (claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null) {
      return BigDecimal.ZERO;
    }
    Quantity q = claim.getSpec().getResources().getRequests().get("storage");
    return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
  }

  /** Returns the volume's capacity in bytes (0 if none). */
  public static BigDecimal capacityBytes(PersistentVolume pv) {
    Quantity q = pv.getSpec().getCapacity() == null ? null : pv.getSpec().getCapacity().get("storage");
    return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
  }

  /** Orders volumes smallest first, then by name, as the binder prefers them. */
  public static final Comparator<PersistentVolume> SMALLEST_FIRST =
      Comparator.comparing(Volumes::capacityBytes).thenComparing(pv -> pv.getMetadata().getName());

  /** Returns the claim names a pod's volumes use (ephemeral volumes name theirs {@code <pod>-<volume>}). */
  public static List<String> claimNames(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return List.of();
    }
    return pod.getSpec().getVolumes().stream().map(v -> claimName(pod, v)).filter(Objects::nonNull).toList();
  }

  private static String claimName(Pod pod, Volume v) {
    if (v.getPersistentVolumeClaim() != null) {
      return v.getPersistentVolumeClaim().getClaimName();
    }
    return v.getEphemeral() != null ? pod.getMetadata().getName() + "-" + v.getName() : null;
  }

  /** Returns whether a pod has finished (Succeeded or Failed): it no longer uses its claims. */
  public static boolean isTerminated(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** Returns whether an object has a finalizer. */
  public static boolean hasFinalizer(HasMetadata o, String finalizer) {
    return o.getMetadata().getFinalizers() != null && o.getMetadata().getFinalizers().contains(finalizer);
  }

  /** Returns an annotation's value, or null. */
  public static String annotation(HasMetadata o, String key) {
    return o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get(key);
  }

  /** Returns a class name with "no class" (null or empty) as "". */
  public static String className(String name) {
    return name == null ? "" : name;
  }
}
