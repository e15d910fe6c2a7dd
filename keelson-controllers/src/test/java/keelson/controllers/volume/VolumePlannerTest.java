package keelson.controllers.volume;

import static keelson.controllers.volume.Volumes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumePlannerTest {
  @TempDir Path dir;

  static PersistentVolumeClaim claim(String name, String className, String size, String... modes) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name).withResourceVersion("1")
        .addToFinalizers(PVC_PROTECTION).endMetadata()
        .withNewSpec().withStorageClassName(className).withAccessModes(modes.length == 0 ? List.of("ReadWriteOnce") : List.of(modes))
        .withNewResources().addToRequests("storage", new Quantity(size)).endResources().endSpec()
        .withNewStatus().withPhase("Pending").endStatus()
        .build();
  }

  static PersistentVolume available(String name, String className, String size, String... modes) {
    return new PersistentVolumeBuilder()
        .withNewMetadata().withName(name).withUid("uid-" + name).withResourceVersion("1").addToFinalizers(PV_PROTECTION)
        .endMetadata()
        .withNewSpec().withStorageClassName(className).addToCapacity("storage", new Quantity(size))
        .withAccessModes(modes.length == 0 ? List.of("ReadWriteOnce") : List.of(modes))
        .withPersistentVolumeReclaimPolicy("Retain").endSpec()
        .withNewStatus().withPhase("Available").endStatus()
        .build();
  }

  static StorageClass immediate(String name) {
    return new StorageClassBuilder().withNewMetadata().withName(name).endMetadata().withProvisioner("example.com/nfs")
        .withVolumeBindingMode("Immediate").withReclaimPolicy("Delete").build();
  }

  static Pod pod(String name, String claim, String node, String phase) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withNodeName(node).addNewVolume().withName("www").withNewPersistentVolumeClaim()
        .withClaimName(claim).endPersistentVolumeClaim().endVolume().endSpec()
        .withNewStatus().withPhase(phase).endStatus().build();
  }

  VolumePlanner.ClaimObservation observe(PersistentVolumeClaim claim, List<PersistentVolume> pvs, List<Pod> pods,
      StorageClass... classes) {
    Map<String, StorageClass> byName = new java.util.HashMap<>();
    for (StorageClass sc : classes) {
      byName.put(sc.getMetadata().getName(), sc);
    }
    return new VolumePlanner.ClaimObservation(claim, byName, pvs, pods, dir.toString());
  }

  static List<String> reasons(List<VolumeAction> plan) {
    return plan.stream().filter(a -> a instanceof VolumeAction.RecordEvent)
        .map(a -> ((VolumeAction.RecordEvent) a).reason()).toList();
  }

  @Test
  void standardClassIsTheDefaultLocalPathWaitForFirstConsumerClass() {
    StorageClass sc = standardClass();
    assertThat(sc.getMetadata().getAnnotations()).containsEntry("storageclass.kubernetes.io/is-default-class", "true");
    assertThat(sc.getProvisioner()).isEqualTo("keelson.dev/local-path");
    assertThat(sc.getReclaimPolicy()).isEqualTo("Delete");
    assertThat(sc.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
    StorageClass older = new StorageClassBuilder(immediate("a")).editMetadata()
        .withCreationTimestamp("2025-01-01T00:00:00Z").addToAnnotations(ANN_DEFAULT_CLASS, "true").endMetadata().build();
    StorageClass newer = new StorageClassBuilder(immediate("b")).editMetadata()
        .withCreationTimestamp("2025-02-01T00:00:00Z").addToAnnotations(ANN_BETA_DEFAULT_CLASS, "true").endMetadata().build();
    assertThat(defaultClass(List.of(older, newer, immediate("c")))).contains(newer);
  }

  @Test
  void addsPvcProtectionToEveryClaim() {
    PersistentVolumeClaim c = new PersistentVolumeClaimBuilder(claim("c", "standard", "1Gi")).editMetadata()
        .withFinalizers(List.of()).endMetadata().build();
    var plan = VolumePlanner.planClaim(observe(c, List.of(), List.of(), standardClass()));
    assertThat(plan).singleElement().isInstanceOfSatisfying(VolumeAction.UpdateClaim.class,
        u -> assertThat(u.claim().getMetadata().getFinalizers()).containsExactly(PVC_PROTECTION));
    assertThat(c.getMetadata().getFinalizers()).isEmpty(); // the cached object is not touched
  }

  @Test
  void keepsADeletedClaimWhileAScheduledUnfinishedPodUsesIt() {
    PersistentVolumeClaim c = new PersistentVolumeClaimBuilder(claim("www-web-0", "standard", "1Gi")).editMetadata()
        .withDeletionTimestamp("2025-01-01T00:00:00Z").endMetadata().build();
    assertThat(VolumePlanner.planClaim(observe(c, List.of(), List.of(pod("web-0", "www-web-0", "kind-worker",
        "Running"))))).isEmpty();
    var plan = VolumePlanner.planClaim(observe(c, List.of(), List.of(pod("web-0", "www-web-0", "kind-worker",
        "Succeeded"), pod("other", "www-web-1", "kind-worker", "Running"))));
    assertThat(plan).singleElement().isInstanceOfSatisfying(VolumeAction.UpdateClaim.class,
        u -> assertThat(u.claim().getMetadata().getFinalizers()).doesNotContain(PVC_PROTECTION));
  }

  @Test
  void assignsTheDefaultClassRetroactivelyButNeverToAnExplicitEmptyClass() {
    var plan = VolumePlanner.planClaim(observe(claim("c", null, "1Gi"), List.of(), List.of(), standardClass()));
    assertThat(plan).singleElement().isInstanceOfSatisfying(VolumeAction.UpdateClaim.class,
        u -> assertThat(u.claim().getSpec().getStorageClassName()).isEqualTo("standard"));
    var none = VolumePlanner.planClaim(observe(claim("c", "", "1Gi"), List.of(), List.of(), standardClass()));
    assertThat(reasons(none)).containsExactly("FailedBinding");
  }

  @Test
  void waitForFirstConsumerWaitsForTheSelectedNodeAnnotation() {
    var plan = VolumePlanner.planClaim(observe(claim("c", "standard", "1Gi"), List.of(), List.of(), standardClass()));
    assertThat(plan).singleElement().isInstanceOfSatisfying(VolumeAction.RecordEvent.class, e -> {
      assertThat(e.reason()).isEqualTo("WaitForFirstConsumer");
      assertThat(e.message()).isEqualTo("waiting for first consumer to be created before binding");
    });
    var unscheduled = VolumePlanner.planClaim(observe(claim("c", "standard", "1Gi"), List.of(),
        List.of(pod("web-0", "c", null, "Pending")), standardClass()));
    assertThat(unscheduled).singleElement().isInstanceOfSatisfying(VolumeAction.RecordEvent.class,
        e -> assertThat(e.message()).isEqualTo("waiting for pod web-0 to be scheduled"));
  }

  @Test
  void provisionsALocalPathVolumeForTheSelectedNode() {
    PersistentVolumeClaim c = new PersistentVolumeClaimBuilder(claim("www-web-0", "standard", "1Gi")).editMetadata()
        .addToAnnotations(ANN_SELECTED_NODE, "kind-worker").endMetadata().build();
    var first = VolumePlanner.planClaim(observe(c, List.of(), List.of(), standardClass()));
    assertThat(reasons(first)).containsExactly("ExternalProvisioning");
    VolumeAction.UpdateClaim annotated = (VolumeAction.UpdateClaim) first.get(0);
    assertThat(annotated.claim().getMetadata().getAnnotations())
        .containsEntry(ANN_STORAGE_PROVISIONER, PROVISIONER).containsEntry(ANN_BETA_STORAGE_PROVISIONER, PROVISIONER);

    var second = VolumePlanner.planClaim(observe(annotated.claim(), List.of(), List.of(), standardClass()));
    assertThat(reasons(second)).containsExactly("Provisioning", "ProvisioningSucceeded");
    assertThat(((VolumeAction.RecordEvent) second.get(0)).message())
        .isEqualTo("External provisioner is provisioning volume for claim \"default/www-web-0\"");
    assertThat(((VolumeAction.RecordEvent) second.get(3)).message())
        .isEqualTo("Successfully provisioned volume pvc-uid-www-web-0");
    PersistentVolume pv = ((VolumeAction.CreateVolume) second.get(2)).volume();
    assertThat(pv.getMetadata().getName()).isEqualTo("pvc-uid-www-web-0");
    assertThat(pv.getMetadata().getAnnotations()).containsEntry(ANN_PROVISIONED_BY, PROVISIONER);
    assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo("uid-www-web-0");
    assertThat(pv.getSpec().getCapacity().get("storage")).isEqualTo(new Quantity("1Gi"));
    assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Filesystem");
    assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
    assertThat(pv.getSpec().getStorageClassName()).isEqualTo("standard");
    var term = pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0).getMatchExpressions().get(0);
    assertThat(term.getKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(term.getOperator()).isEqualTo("In");
    assertThat(term.getValues()).containsExactly("kind-worker");
    String path = ((VolumeAction.CreateDirectory) second.get(1)).path();
    assertThat(Path.of(path).getParent()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(pv.getSpec().getHostPath().getPath()).isEqualTo(path);

    // The provisioned volume (Pending, pre-bound to the claim) is then bound.
    var bind = VolumePlanner.planClaim(observe(annotated.claim(), List.of(pv), List.of(), standardClass()));
    assertThat(bind).extracting(a -> a.getClass().getSimpleName())
        .containsExactly("UpdateVolumeStatus", "UpdateClaim", "UpdateClaimStatus");
    PersistentVolumeClaim bound = ((VolumeAction.UpdateClaim) bind.get(1)).claim();
    assertThat(bound.getSpec().getVolumeName()).isEqualTo("pvc-uid-www-web-0");
    assertThat(bound.getMetadata().getAnnotations()).containsEntry(ANN_BIND_COMPLETED, "yes")
        .containsEntry(ANN_BOUND_BY_CONTROLLER, "yes");
    var status = ((VolumeAction.UpdateClaimStatus) bind.get(2)).claim().getStatus();
    assertThat(status.getPhase()).isEqualTo("Bound");
    assertThat(status.getCapacity()).containsEntry("storage", new Quantity("1Gi"));
    assertThat(status.getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(((VolumeAction.UpdateVolumeStatus) bind.get(0)).volume().getStatus().getPhase()).isEqualTo("Bound");
  }

  @Test
  void bindsTheSmallestFittingAvailableVolumeOfTheSameClass() {
    List<PersistentVolume> pvs = List.of(available("big", "fast", "5Gi"), available("fit", "fast", "2Gi"),
        available("rwx-only", "fast", "1Gi", "ReadWriteMany"), available("other-class", "slow", "1Gi"),
        available("too-small", "fast", "500Mi"), available("fit-twin", "fast", "2Gi"));
    var plan = VolumePlanner.planClaim(observe(claim("c", "fast", "1Gi"), pvs, List.of(), immediate("fast")));
    PersistentVolume chosen = ((VolumeAction.UpdateVolume) plan.get(0)).volume();
    assertThat(chosen.getMetadata().getName()).isEqualTo("fit");
    assertThat(chosen.getSpec().getClaimRef().getName()).isEqualTo("c");
    assertThat(chosen.getMetadata().getAnnotations()).containsEntry(ANN_BOUND_BY_CONTROLLER, "yes");
  }

  @Test
  void doesNotBindAcrossClasses() {
    var plan = VolumePlanner.planClaim(observe(claim("c", "", "1Gi"), List.of(available("pv", "fast", "5Gi")),
        List.of()));
    assertThat(plan).noneMatch(a -> a instanceof VolumeAction.UpdateVolume);
    assertThat(reasons(plan)).containsExactly("FailedBinding");
    var classless = VolumePlanner.planClaim(observe(claim("c", "", "1Gi"), List.of(available("pv", null, "5Gi")),
        List.of()));
    assertThat(classless.get(0)).isInstanceOf(VolumeAction.UpdateVolume.class);
  }

  @Test
  void releasedVolumeWithDeletePolicyHasItsDirectoryAndObjectRemoved() throws IOException {
    PersistentVolumeClaim c = new PersistentVolumeClaimBuilder(claim("c", "standard", "1Gi")).editMetadata()
        .addToAnnotations(ANN_SELECTED_NODE, "n1").endMetadata().build();
    PersistentVolume pv = VolumePlanner.provisionedVolume(c, standardClass(), "n1", dir.toString());
    pv.getMetadata().setUid("pv-uid");
    pv.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase("Bound").build());
    Path data = Path.of(pv.getSpec().getHostPath().getPath());
    Files.createDirectories(data.resolve("sub"));
    Files.writeString(data.resolve("sub/index.html"), "hello");

    RecordingActions actions = new RecordingActions();
    VolumeActions.execute(actions, VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(pv, null),
        dir.toString()));
    assertThat(actions.calls).containsExactly("updateVolumeStatus Released", "deleteDirectory", "deleteVolume pv-uid");
    assertThat(data).doesNotExist();
    assertThat(dir).exists();
  }

  @Test
  void releasedVolumeWithRetainPolicyStaysReleasedWithItsClaimRef() {
    PersistentVolume pv = new PersistentVolumeBuilder(available("pv", "fast", "1Gi")).editSpec().withNewClaimRef()
        .withNamespace("default").withName("c").withUid("old-uid").endClaimRef().endSpec()
        .editStatus().withPhase("Bound").endStatus().build();
    var plan = VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(pv, null), dir.toString());
    assertThat(plan).singleElement().isInstanceOfSatisfying(VolumeAction.UpdateVolumeStatus.class, u -> {
      assertThat(u.volume().getStatus().getPhase()).isEqualTo("Released");
      assertThat(u.volume().getSpec().getClaimRef().getUid()).isEqualTo("old-uid");
    });
    PersistentVolume released = ((VolumeAction.UpdateVolumeStatus) plan.get(0)).volume();
    assertThat(VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(released, null), dir.toString())).isEmpty();
    // A new claim with the same name does not get it back.
    PersistentVolumeClaim namesake = claim("c", "fast", "1Gi");
    assertThat(VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(released, namesake), dir.toString()))
        .isEmpty();
    assertThat(VolumePlanner.planClaim(observe(namesake, List.of(released), List.of(), immediate("fast"))))
        .noneMatch(a -> a instanceof VolumeAction.UpdateVolume || a instanceof VolumeAction.UpdateClaim u
            && u.claim().getSpec().getVolumeName() != null);
  }

  @Test
  void deleteReclaimNeverTouchesDirectoriesOutsideTheVolumesDirectory() {
    PersistentVolume pv = new PersistentVolumeBuilder(available("pv", "fast", "1Gi")).editMetadata()
        .addToAnnotations(ANN_PROVISIONED_BY, PROVISIONER).endMetadata().editSpec()
        .withPersistentVolumeReclaimPolicy("Delete").withNewHostPath().withPath("/").endHostPath()
        .withNewClaimRef().withNamespace("default").withName("c").withUid("old").endClaimRef().endSpec().build();
    var plan = VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(pv, null), dir.toString());
    assertThat(plan).noneMatch(a -> a instanceof VolumeAction.DeleteDirectory || a instanceof VolumeAction.DeleteVolume);
    assertThat(reasons(plan)).containsExactly("VolumeFailedDelete");
  }

  @Test
  void pvProtectionIsAddedAndReleasedOnlyWhenTheVolumeIsNotBound() {
    PersistentVolume bare = new PersistentVolumeBuilder(available("pv", "fast", "1Gi")).editMetadata()
        .withFinalizers(List.of()).endMetadata().build();
    assertThat(VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(bare, null), dir.toString()))
        .singleElement().isInstanceOfSatisfying(VolumeAction.UpdateVolume.class,
            u -> assertThat(u.volume().getMetadata().getFinalizers()).containsExactly(PV_PROTECTION));
    PersistentVolume deletingBound = new PersistentVolumeBuilder(available("pv", "fast", "1Gi")).editMetadata()
        .withDeletionTimestamp("2025-01-01T00:00:00Z").endMetadata().editStatus().withPhase("Bound").endStatus().build();
    assertThat(VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(deletingBound, null), dir.toString()))
        .isEmpty();
    PersistentVolume deletingReleased = new PersistentVolumeBuilder(deletingBound).editStatus().withPhase("Released")
        .endStatus().build();
    assertThat(VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(deletingReleased, null), dir.toString()))
        .singleElement().isInstanceOfSatisfying(VolumeAction.UpdateVolume.class,
            u -> assertThat(u.volume().getMetadata().getFinalizers()).doesNotContain(PV_PROTECTION));
  }

  @Test
  void boundVolumeWithItsClaimPresentIsBound() {
    PersistentVolumeClaim c = new PersistentVolumeClaimBuilder(claim("c", "fast", "1Gi")).editSpec()
        .withVolumeName("pv").endSpec().build();
    PersistentVolume pv = new PersistentVolumeBuilder(available("pv", "fast", "1Gi")).editSpec().withNewClaimRef()
        .withNamespace("default").withName("c").withUid("uid-c").endClaimRef().endSpec().build();
    var plan = VolumePlanner.planVolume(new VolumePlanner.VolumeObservation(pv, c), dir.toString());
    assertThat(plan).singleElement().isInstanceOfSatisfying(VolumeAction.UpdateVolumeStatus.class,
        u -> assertThat(u.volume().getStatus().getPhase()).isEqualTo("Bound"));
  }

  /** Records calls; directories are real, so reclaim is checked on disk. */
  @Test
  void statusWriteAfterBindingKeepsTheAnnotationsTheBindingAdded() throws IOException {
    PersistentVolumeClaim c = claim("c", "fast", "1Gi");
    c.getMetadata().setUid("claim-uid");
    PersistentVolume pv = available("pv", "fast", "1Gi");
    pv.getSpec().setClaimRef(new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder().withNamespace("default")
        .withName("c").withUid("claim-uid").build());
    pv.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase("Bound").build());
    List<java.util.Map<String, String>> statusWrites = new ArrayList<>();
    RecordingActions actions = new RecordingActions() {
      @Override
      public PersistentVolumeClaim updateClaim(PersistentVolumeClaim claim) {
        // The server answers with a new object; the plan's later writes must build on it.
        PersistentVolumeClaim written = new PersistentVolumeClaimBuilder(claim).build();
        written.getMetadata().setResourceVersion("7");
        return written;
      }

      @Override
      public PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim) {
        assertThat(claim.getMetadata().getResourceVersion()).isEqualTo("7");
        statusWrites.add(claim.getMetadata().getAnnotations());
        return claim;
      }
    };
    VolumeActions.execute(actions, VolumePlanner.bind(c, pv));
    assertThat(statusWrites).singleElement().satisfies(annotations -> assertThat(annotations)
        .containsEntry("pv.kubernetes.io/bind-completed", "yes")
        .containsEntry("pv.kubernetes.io/bound-by-controller", "yes"));
  }

  static class RecordingActions implements VolumeActions {
    final List<String> calls = new ArrayList<>();

    @Override
    public PersistentVolumeClaim updateClaim(PersistentVolumeClaim claim) {
      calls.add("updateClaim");
      return claim;
    }

    @Override
    public PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim) {
      calls.add("updateClaimStatus " + claim.getStatus().getPhase());
      return claim;
    }

    @Override
    public PersistentVolume createVolume(PersistentVolume volume) {
      calls.add("createVolume");
      return volume;
    }

    @Override
    public PersistentVolume updateVolume(PersistentVolume volume) {
      calls.add("updateVolume");
      return volume;
    }

    @Override
    public PersistentVolume updateVolumeStatus(PersistentVolume volume) {
      calls.add("updateVolumeStatus " + volume.getStatus().getPhase());
      return volume;
    }

    @Override
    public void deleteVolume(String name, String uid) {
      calls.add("deleteVolume " + uid);
    }

    @Override
    public PersistentVolumeClaim getClaim(String namespace, String name) {
      return null;
    }

    @Override
    public void createDirectory(String path) throws IOException {
      calls.add("createDirectory");
      Files.createDirectories(Path.of(path));
    }

    @Override
    public void deleteDirectory(String path) throws IOException {
      calls.add("deleteDirectory");
      try (var walk = Files.walk(Path.of(path))) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }

    @Override
    public void event(HasMetadata object, boolean warning, String reason, String message) {
      calls.add("event " + reason);
    }
  }
}
