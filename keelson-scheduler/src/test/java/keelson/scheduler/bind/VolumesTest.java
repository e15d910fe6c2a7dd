package keelson.scheduler.bind;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.time.Instant;
import java.util.Map;
import keelson.scheduler.Pods;
import keelson.scheduler.cache.PodInfo;
import keelson.scheduler.filter.VolumeConstraints;
import org.junit.jupiter.api.Test;

class VolumesTest {
  private static final StorageClass WFFC = new StorageClassBuilder().withNewMetadata().withName("local").endMetadata()
      .withProvisioner("x").withVolumeBindingMode("WaitForFirstConsumer").build();
  private static final StorageClass IMMEDIATE = new StorageClassBuilder().withNewMetadata().withName("fast").endMetadata()
      .withProvisioner("x").withVolumeBindingMode("Immediate").build();

  private static PodInfo podWithClaim(String claim) {
    return PodInfo.of(new PodBuilder(Pods.pending("web-0")).editSpec().addNewVolume().withName("data")
        .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().endVolume().endSpec().build());
  }

  private static PersistentVolumeClaim claim(String name, String storageClass, String volume) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withStorageClassName(storageClass).withVolumeName(volume).endSpec().build();
  }

  private static VolumeConstraints resolve(PodInfo pod, PersistentVolumeClaim claim, PersistentVolume pv) {
    Map<String, PersistentVolumeClaim> claims = claim == null ? Map.of() : Map.of("default/" + claim.getMetadata().getName(), claim);
    Map<String, PersistentVolume> volumes = pv == null ? Map.of() : Map.of(pv.getMetadata().getName(), pv);
    return Volumes.constraints(pod, claims::get, volumes::get, Map.of("local", WFFC, "fast", IMMEDIATE)::get);
  }

  @Test
  void waitForFirstConsumerClaimsAreSelectedOnBinding() {
    assertThat(resolve(podWithClaim("data-web-0"), claim("data-web-0", "local", null), null))
        .isEqualTo(new VolumeConstraints(null, java.util.List.of(), false, java.util.List.of("data-web-0")));
  }

  @Test
  void unboundImmediateClaimsBlockScheduling() {
    assertThat(resolve(podWithClaim("c"), claim("c", "fast", null), null).failure())
        .isEqualTo("pod has unbound immediate PersistentVolumeClaims");
  }

  @Test
  void missingClaimsAreNamed() {
    assertThat(resolve(podWithClaim("c"), null, null).failure()).isEqualTo("persistentvolumeclaim \"c\" not found");
  }

  @Test
  void boundVolumesWithNodeAffinityPinTheNode() {
    PersistentVolume pv = new PersistentVolumeBuilder().withNewMetadata().withName("pvc-1").endMetadata()
        .withNewSpec().withNewNodeAffinity().withNewRequired().addToNodeSelectorTerms(new NodeSelectorTermBuilder()
            .addToMatchExpressions(new NodeSelectorRequirementBuilder().withKey("kubernetes.io/hostname")
                .withOperator("In").withValues("n2").build()).build())
        .endRequired().endNodeAffinity().endSpec().build();
    VolumeConstraints c = resolve(podWithClaim("c"), claim("c", "local", "pvc-1"), pv);
    assertThat(c.nodeAffinities()).hasSize(1);
    assertThat(c.claimsToSelect()).isEmpty();
    assertThat(resolve(podWithClaim("c"), claim("c", "local", "pvc-1"), null).missingVolume()).isTrue();
  }

  @Test
  void conditionsKeepTheirTransitionTimeWhileUnchanged() {
    Instant t0 = Instant.parse("2025-01-01T00:00:00.123Z");
    var pod = new PodBuilder(Pods.pending("p")).editStatus().addNewCondition().withType("PodScheduled")
        .withStatus("False").withReason("Unschedulable").withMessage("m")
        .withLastTransitionTime("2024-12-31T00:00:00Z").endCondition().endStatus().build();
    var again = PodConditions.unschedulable(pod, "m", t0);
    assertThat(PodConditions.has(pod, again)).isTrue();
    assertThat(again.lastTransitionTime()).isEqualTo(Instant.parse("2024-12-31T00:00:00Z"));
    assertThat(PodConditions.unschedulable(pod, "other", t0).lastTransitionTime())
        .as("a new message is no transition").isEqualTo(Instant.parse("2024-12-31T00:00:00Z"));
  }
}
