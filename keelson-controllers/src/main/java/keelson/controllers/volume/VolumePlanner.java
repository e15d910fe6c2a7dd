package keelson.controllers.volume;

import static keelson.controllers.volume.Volumes.*;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure decisions of the storage controllers, after upstream's PV controller
 * (pkg/controller/volume/persistentvolume/pv_controller.go: syncClaim, syncVolume), the
 * pvcprotection and pvprotection controllers and the local-path provisioner. One call plans one
 * level-triggered step for one claim or volume; the write it causes brings the object back.
 */
public final class VolumePlanner {
  private VolumePlanner() {}

  /** What the claim controller sees of one claim. */
  public record ClaimObservation(PersistentVolumeClaim claim, Map<String, StorageClass> classes,
      Collection<PersistentVolume> volumes, List<Pod> podsInNamespace, String volumesDir) {}

  /**
   * What the volume controller sees of one volume.
   *
   * @param claim the claim named by {@code claimRef} (namespace and name), confirmed by a live read
   *     when the cache has none; null if there is none
   */
  public record VolumeObservation(PersistentVolume volume, PersistentVolumeClaim claim) {}

  /** Plans the next step for a claim: protection, default class, binding, provisioning, events. */
  public static List<VolumeAction> planClaim(ClaimObservation o) {
    PersistentVolumeClaim claim = o.claim();
    String claimName = claim.getMetadata().getName();
    if (claim.getMetadata().getDeletionTimestamp() != null) {
      // pvc-protection: the claim goes only once no scheduled, unfinished pod uses it.
      if (hasFinalizer(claim, PVC_PROTECTION) && usingPods(o, claimName, true).isEmpty()) {
        PersistentVolumeClaim copy = copy(claim);
        copy.getMetadata().getFinalizers().remove(PVC_PROTECTION);
        return List.of(new VolumeAction.UpdateClaim(copy));
      }
      return List.of();
    }
    if (!hasFinalizer(claim, PVC_PROTECTION)) {
      PersistentVolumeClaim copy = copy(claim);
      copy.getMetadata().getFinalizers().add(PVC_PROTECTION);
      return List.of(new VolumeAction.UpdateClaim(copy));
    }
    if (claim.getSpec().getStorageClassName() == null) {
      // RetroactiveDefaultStorageClass: a claim created while no default existed gets it now.
      Optional<StorageClass> def = defaultClass(o.classes().values());
      if (def.isPresent()) {
        PersistentVolumeClaim copy = copy(claim);
        copy.getSpec().setStorageClassName(def.get().getMetadata().getName());
        return List.of(new VolumeAction.UpdateClaim(copy));
      }
    }
    String volumeName = claim.getSpec().getVolumeName();
    if (volumeName != null && !volumeName.isEmpty()) {
      return planBoundClaim(o, volumeName);
    }
    List<VolumeAction> actions = new ArrayList<>();
    if (claim.getStatus() == null || claim.getStatus().getPhase() == null) {
      PersistentVolumeClaim copy = copy(claim);
      copy.getStatus().setPhase("Pending");
      actions.add(new VolumeAction.UpdateClaimStatus(copy));
    }
    // A volume already pointing at this claim (pre-bound by an administrator, or just provisioned).
    for (PersistentVolume pv : o.volumes()) {
      if (pv.getMetadata().getDeletionTimestamp() == null && refersTo(pv, claim)) {
        actions.addAll(bind(claim, pv));
        return actions;
      }
    }
    String className = className(claim.getSpec().getStorageClassName());
    StorageClass sc = className.isEmpty() ? null : o.classes().get(className);
    String selectedNode = annotation(claim, ANN_SELECTED_NODE);
    if (isDelayed(sc) && selectedNode == null) {
      actions.add(waitingEvent(o));
      return actions;
    }
    Optional<PersistentVolume> match = o.volumes().stream()
        .filter(pv -> matches(pv, claim, className, isDelayed(sc) ? selectedNode : null))
        .min(SMALLEST_FIRST);
    if (match.isPresent()) {
      actions.addAll(bind(claim, match.get()));
      return actions;
    }
    if (className.isEmpty()) {
      actions.add(new VolumeAction.RecordEvent(claim, false, "FailedBinding",
          "no persistent volumes available for this claim and no storage class is set"));
      return actions;
    }
    if (sc == null) {
      actions.add(new VolumeAction.RecordEvent(claim, true, "ProvisioningFailed",
          "storageclass.storage.k8s.io \"" + className + "\" not found"));
      return actions;
    }
    String provisioner = sc.getProvisioner();
    if (provisioner == null || provisioner.equals("kubernetes.io/no-provisioner")) {
      actions.add(new VolumeAction.RecordEvent(claim, false, "FailedBinding",
          "no persistent volumes available for this claim and no storage class is set"));
      return actions;
    }
    if (!provisioner.equals(annotation(claim, ANN_STORAGE_PROVISIONER))
        || !provisioner.equals(annotation(claim, ANN_BETA_STORAGE_PROVISIONER))) {
      PersistentVolumeClaim copy = copy(claim);
      copy.getMetadata().getAnnotations().put(ANN_BETA_STORAGE_PROVISIONER, provisioner);
      copy.getMetadata().getAnnotations().put(ANN_STORAGE_PROVISIONER, provisioner);
      actions.add(new VolumeAction.UpdateClaim(copy));
      actions.add(new VolumeAction.RecordEvent(claim, false, "ExternalProvisioning",
          "Waiting for a volume to be created either by the external provisioner '" + provisioner
              + "' or manually by the system administrator. If volume creation is delayed, please verify that the "
              + "provisioner is running and correctly registered."));
      return actions;
    }
    if (provisioner.equals(PROVISIONER)) {
      String pvName = "pvc-" + claim.getMetadata().getUid();
      if (o.volumes().stream().noneMatch(pv -> pv.getMetadata().getName().equals(pvName))) {
        PersistentVolume pv = provisionedVolume(claim, sc, selectedNode, o.volumesDir());
        actions.add(new VolumeAction.RecordEvent(claim, false, "Provisioning",
            "External provisioner is provisioning volume for claim \"" + claim.getMetadata().getNamespace() + "/"
                + claimName + "\""));
        actions.add(new VolumeAction.CreateDirectory(pv.getSpec().getHostPath().getPath()));
        actions.add(new VolumeAction.CreateVolume(pv));
        actions.add(new VolumeAction.RecordEvent(claim, false, "ProvisioningSucceeded",
            "Successfully provisioned volume " + pvName));
      }
    }
    return actions;
  }

  private static List<VolumeAction> planBoundClaim(ClaimObservation o, String volumeName) {
    PersistentVolumeClaim claim = o.claim();
    PersistentVolume pv = o.volumes().stream().filter(v -> v.getMetadata().getName().equals(volumeName))
        .findFirst().orElse(null);
    if (pv == null) {
      if (claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase())) {
        PersistentVolumeClaim copy = copy(claim);
        copy.getStatus().setPhase("Lost");
        return List.of(new VolumeAction.UpdateClaimStatus(copy), new VolumeAction.RecordEvent(claim, true,
            "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!"));
      }
      return List.of();
    }
    if (pv.getSpec().getClaimRef() == null || refersTo(pv, claim)) {
      return bind(claim, pv);
    }
    return List.of(new VolumeAction.RecordEvent(claim, true, "FailedBinding",
        "volume \"" + volumeName + "\" already bound to a different claim."));
  }

  /**
   * Returns the writes that bind a claim and a volume, each only if not yet done: the volume's
   * claimRef, the volume's phase, the claim's volumeName and annotations, the claim's status.
   */
  static List<VolumeAction> bind(PersistentVolumeClaim claim, PersistentVolume pv) {
    List<VolumeAction> actions = new ArrayList<>();
    var ref = pv.getSpec().getClaimRef();
    if (ref == null || ref.getUid() == null || ref.getUid().isEmpty()) {
      PersistentVolume copy = copy(pv);
      copy.getSpec().setClaimRef(claimRef(claim));
      if (ref == null) {
        copy.getMetadata().getAnnotations().put(ANN_BOUND_BY_CONTROLLER, "yes");
      }
      actions.add(new VolumeAction.UpdateVolume(copy));
    }
    if (pv.getStatus() == null || !"Bound".equals(pv.getStatus().getPhase())) {
      PersistentVolume copy = copy(pv);
      copy.getStatus().setPhase("Bound");
      copy.getStatus().setMessage(null);
      copy.getStatus().setReason(null);
      actions.add(new VolumeAction.UpdateVolumeStatus(copy));
    }
    boolean specDone = pv.getMetadata().getName().equals(claim.getSpec().getVolumeName())
        && "yes".equals(annotation(claim, ANN_BIND_COMPLETED));
    if (!specDone) {
      PersistentVolumeClaim copy = copy(claim);
      if (!pv.getMetadata().getName().equals(claim.getSpec().getVolumeName())) {
        copy.getSpec().setVolumeName(pv.getMetadata().getName());
        copy.getMetadata().getAnnotations().put(ANN_BOUND_BY_CONTROLLER, "yes");
      }
      copy.getMetadata().getAnnotations().put(ANN_BIND_COMPLETED, "yes");
      actions.add(new VolumeAction.UpdateClaim(copy));
    }
    var status = claim.getStatus();
    Quantity capacity = pv.getSpec().getCapacity() == null ? null : pv.getSpec().getCapacity().get("storage");
    boolean statusDone = status != null && "Bound".equals(status.getPhase())
        && Objects.equals(status.getAccessModes(), pv.getSpec().getAccessModes())
        && status.getCapacity() != null && Objects.equals(status.getCapacity().get("storage"), capacity);
    if (!statusDone) {
      PersistentVolumeClaim copy = copy(claim);
      copy.getStatus().setPhase("Bound");
      copy.getStatus().setAccessModes(new ArrayList<>(pv.getSpec().getAccessModes()));
      copy.getStatus().setCapacity(capacity == null ? Map.of() : Map.of("storage", capacity));
      actions.add(new VolumeAction.UpdateClaimStatus(copy));
    }
    return actions;
  }

  /** Plans the next step for a volume: protection, phase, release and reclaim. */
  public static List<VolumeAction> planVolume(VolumeObservation o, String volumesDir) {
    PersistentVolume pv = o.volume();
    String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
    if (pv.getMetadata().getDeletionTimestamp() != null) {
      // pv-protection: a volume goes only once it is not bound.
      if (hasFinalizer(pv, PV_PROTECTION) && !"Bound".equals(phase)) {
        PersistentVolume copy = copy(pv);
        copy.getMetadata().getFinalizers().remove(PV_PROTECTION);
        return List.of(new VolumeAction.UpdateVolume(copy));
      }
      return List.of();
    }
    if (!hasFinalizer(pv, PV_PROTECTION)) {
      PersistentVolume copy = copy(pv);
      copy.getMetadata().getFinalizers().add(PV_PROTECTION);
      return List.of(new VolumeAction.UpdateVolume(copy));
    }
    var ref = pv.getSpec().getClaimRef();
    if (ref == null) {
      return phase(pv, "Available", null);
    }
    PersistentVolumeClaim claim = o.claim();
    boolean uidKnown = ref.getUid() != null && !ref.getUid().isEmpty();
    if (claim != null && (!uidKnown || ref.getUid().equals(claim.getMetadata().getUid()))) {
      String claimVolume = claim.getSpec().getVolumeName();
      if (pv.getMetadata().getName().equals(claimVolume)) {
        return phase(pv, "Bound", null);
      }
      if (claimVolume == null || claimVolume.isEmpty()) {
        return phase(pv, "Available", null); // the claim controller finishes the binding
      }
      if ("yes".equals(annotation(pv, ANN_BOUND_BY_CONTROLLER))) {
        // We pre-bound it, but the claim went to another volume: give this one back.
        PersistentVolume copy = copy(pv);
        copy.getSpec().setClaimRef(null);
        copy.getMetadata().getAnnotations().remove(ANN_BOUND_BY_CONTROLLER);
        return List.of(new VolumeAction.UpdateVolume(copy));
      }
      return phase(pv, "Available", null);
    }
    if (!uidKnown) {
      return phase(pv, "Available", null); // pre-bound to a claim that does not exist yet
    }
    // The claim is gone (or replaced by a namesake): released, then reclaimed per policy.
    List<VolumeAction> actions = new ArrayList<>();
    if (!"Released".equals(phase) && !"Failed".equals(phase)) {
      actions.addAll(phase(pv, "Released", null));
    }
    String policy = pv.getSpec().getPersistentVolumeReclaimPolicy();
    if ("Delete".equals(policy) && !"Failed".equals(phase)) {
      String path = ownDirectory(pv, volumesDir);
      if (PROVISIONER.equals(annotation(pv, ANN_PROVISIONED_BY)) && path != null) {
        actions.add(new VolumeAction.DeleteDirectory(path));
        actions.add(new VolumeAction.DeleteVolume(pv.getMetadata().getName(), pv.getMetadata().getUid()));
      } else {
        String message = "error getting deleter volume plugin for volume \"" + pv.getMetadata().getName()
            + "\": no deletable volume plugin matched";
        actions.addAll(phase(pv, "Failed", message));
        actions.add(new VolumeAction.RecordEvent(pv, true, "VolumeFailedDelete", message));
      }
    } else if ("Recycle".equals(policy) && !"Failed".equals(phase)) {
      String message = "Recycle is not supported";
      actions.addAll(phase(pv, "Failed", message));
      actions.add(new VolumeAction.RecordEvent(pv, true, "VolumeFailedRecycle", message));
    }
    return actions;
  }

  /** Returns the directory of a volume this provisioner made, if it lies directly under volumesDir. */
  static String ownDirectory(PersistentVolume pv, String volumesDir) {
    if (pv.getSpec().getHostPath() == null || pv.getSpec().getHostPath().getPath() == null) {
      return null;
    }
    java.nio.file.Path base = java.nio.file.Path.of(volumesDir).toAbsolutePath().normalize();
    java.nio.file.Path path = java.nio.file.Path.of(pv.getSpec().getHostPath().getPath()).toAbsolutePath().normalize();
    return base.equals(path.getParent()) ? path.toString() : null;
  }

  private static List<VolumeAction> phase(PersistentVolume pv, String phase, String message) {
    if (pv.getStatus() != null && phase.equals(pv.getStatus().getPhase())
        && Objects.equals(message, pv.getStatus().getMessage())) {
      return List.of();
    }
    PersistentVolume copy = copy(pv);
    copy.getStatus().setPhase(phase);
    copy.getStatus().setMessage(message);
    return List.of(new VolumeAction.UpdateVolumeStatus(copy));
  }

  /** Returns the volume the provisioner creates for a claim. */
  static PersistentVolume provisionedVolume(PersistentVolumeClaim claim, StorageClass sc, String node, String volumesDir) {
    String name = "pvc-" + claim.getMetadata().getUid();
    String dir = java.nio.file.Path.of(volumesDir).toAbsolutePath().normalize()
        .resolve(name + "_" + claim.getMetadata().getNamespace() + "_" + claim.getMetadata().getName()).toString();
    Quantity request = claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null
        ? null : claim.getSpec().getResources().getRequests().get("storage");
    PersistentVolumeBuilder b = new PersistentVolumeBuilder()
        .withNewMetadata().withName(name).addToAnnotations(ANN_PROVISIONED_BY, PROVISIONER)
        .addToFinalizers(PV_PROTECTION).endMetadata()
        .withNewSpec()
        .withClaimRef(claimRef(claim))
        .withStorageClassName(sc.getMetadata().getName())
        .withPersistentVolumeReclaimPolicy(sc.getReclaimPolicy() == null ? "Delete" : sc.getReclaimPolicy())
        .withAccessModes(claim.getSpec().getAccessModes())
        .withVolumeMode(claim.getSpec().getVolumeMode() == null ? "Filesystem" : claim.getSpec().getVolumeMode())
        .withNewHostPath().withPath(dir).withType("DirectoryOrCreate").endHostPath()
        .endSpec();
    if (request != null) {
      b.editSpec().addToCapacity("storage", request).endSpec();
    }
    if (node != null) {
      b.editSpec().withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
          .withKey("kubernetes.io/hostname").withOperator("In").withValues(node).endMatchExpression()
          .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec();
    }
    return b.build();
  }

  /** Returns whether an Available, unclaimed volume can serve the claim (class, modes, size, selector, node). */
  static boolean matches(PersistentVolume pv, PersistentVolumeClaim claim, String className, String node) {
    if (pv.getMetadata().getDeletionTimestamp() != null || pv.getSpec().getClaimRef() != null
        || pv.getStatus() == null || !"Available".equals(pv.getStatus().getPhase())) {
      return false;
    }
    if (!className.equals(className(pv.getSpec().getStorageClassName()))) {
      return false;
    }
    String pvMode = pv.getSpec().getVolumeMode() == null ? "Filesystem" : pv.getSpec().getVolumeMode();
    String claimMode = claim.getSpec().getVolumeMode() == null ? "Filesystem" : claim.getSpec().getVolumeMode();
    if (!pvMode.equals(claimMode)) {
      return false;
    }
    List<String> modes = pv.getSpec().getAccessModes() == null ? List.of() : pv.getSpec().getAccessModes();
    if (claim.getSpec().getAccessModes() != null && !modes.containsAll(claim.getSpec().getAccessModes())) {
      return false;
    }
    if (capacityBytes(pv).compareTo(requestBytes(claim)) < 0) {
      return false;
    }
    if (!selects(claim.getSpec().getSelector(), pv.getMetadata().getLabels())) {
      return false;
    }
    return node == null || allowsNode(pv, node);
  }

  private static boolean allowsNode(PersistentVolume pv, String node) {
    var affinity = pv.getSpec().getNodeAffinity();
    if (affinity == null || affinity.getRequired() == null || affinity.getRequired().getNodeSelectorTerms() == null) {
      return true;
    }
    // Only hostname terms can be judged from the node's name; other keys are assumed to fit.
    return affinity.getRequired().getNodeSelectorTerms().stream().anyMatch(term ->
        term.getMatchExpressions() == null || term.getMatchExpressions().stream().allMatch(e ->
            !"kubernetes.io/hostname".equals(e.getKey())
                || ("In".equals(e.getOperator()) && e.getValues().contains(node))
                || ("NotIn".equals(e.getOperator()) && !e.getValues().contains(node))));
  }

  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String v = l.get(r.getKey());
        boolean ok = switch (r.getOperator()) {
          case "In" -> v != null && r.getValues().contains(v);
          case "NotIn" -> v == null || !r.getValues().contains(v);
          case "Exists" -> l.containsKey(r.getKey());
          case "DoesNotExist" -> !l.containsKey(r.getKey());
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private static VolumeAction waitingEvent(ClaimObservation o) {
    List<String> unscheduled = o.podsInNamespace().stream()
        .filter(p -> !isTerminated(p) && claimNames(p).contains(o.claim().getMetadata().getName()))
        .filter(p -> p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty())
        .map(p -> p.getMetadata().getName()).sorted().toList();
    if (unscheduled.isEmpty()) {
      return new VolumeAction.RecordEvent(o.claim(), false, "WaitForFirstConsumer",
          "waiting for first consumer to be created before binding");
    }
    String message = unscheduled.size() == 1 ? "waiting for pod " + unscheduled.get(0) + " to be scheduled"
        : "waiting for pods " + String.join(",", unscheduled) + " to be scheduled";
    return new VolumeAction.RecordEvent(o.claim(), false, "WaitForPodScheduled", message);
  }

  /** Returns the pods that keep a claim in use: scheduled (or any, if not onlyScheduled) and unfinished. */
  static List<Pod> usingPods(ClaimObservation o, String claimName, boolean onlyScheduled) {
    return o.podsInNamespace().stream()
        .filter(p -> !isTerminated(p) && claimNames(p).contains(claimName))
        .filter(p -> !onlyScheduled || (p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty()))
        .toList();
  }

  private static boolean refersTo(PersistentVolume pv, PersistentVolumeClaim claim) {
    var ref = pv.getSpec().getClaimRef();
    if (ref == null || !claim.getMetadata().getName().equals(ref.getName())
        || !claim.getMetadata().getNamespace().equals(ref.getNamespace())) {
      return false;
    }
    return ref.getUid() == null || ref.getUid().isEmpty() || ref.getUid().equals(claim.getMetadata().getUid());
  }

  private static io.fabric8.kubernetes.api.model.ObjectReference claimRef(PersistentVolumeClaim claim) {
    return new ObjectReferenceBuilder().withKind("PersistentVolumeClaim").withApiVersion("v1")
        .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
        .withUid(claim.getMetadata().getUid()).withResourceVersion(claim.getMetadata().getResourceVersion()).build();
  }

  /** Deep-copies a claim (cached objects are shared) with annotations, finalizers and status present. */
  static PersistentVolumeClaim copy(PersistentVolumeClaim claim) {
    PersistentVolumeClaim c = new PersistentVolumeClaimBuilder(claim).build();
    c.getMetadata().setAnnotations(new java.util.LinkedHashMap<>(Optional.ofNullable(c.getMetadata().getAnnotations()).orElse(Map.of())));
    c.getMetadata().setFinalizers(new ArrayList<>(Optional.ofNullable(c.getMetadata().getFinalizers()).orElse(List.of())));
    if (c.getStatus() == null) {
      c.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus());
    }
    return c;
  }

  /** Deep-copies a volume with annotations, finalizers and status present. */
  static PersistentVolume copy(PersistentVolume pv) {
    PersistentVolume c = new PersistentVolumeBuilder(pv).build();
    c.getMetadata().setAnnotations(new java.util.LinkedHashMap<>(Optional.ofNullable(c.getMetadata().getAnnotations()).orElse(Map.of())));
    c.getMetadata().setFinalizers(new ArrayList<>(Optional.ofNullable(c.getMetadata().getFinalizers()).orElse(List.of())));
    if (c.getStatus() == null) {
      c.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatus());
    }
    return c;
  }
}
