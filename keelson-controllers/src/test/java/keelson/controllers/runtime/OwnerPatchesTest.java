package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;

class OwnerPatchesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ReplicaSet owner = new ReplicaSetBuilder().withNewMetadata().withName("web-abc").withUid("owner-uid")
      .endMetadata().build();
  private final Pod pod = new PodBuilder().withNewMetadata().withName("web-abc-x").withUid("pod-uid").endMetadata()
      .build();

  @Test
  void adoptAddsABlockingControllerReferenceGuardedByTheObjectsUid() throws Exception {
    JsonNode patch = JSON.readTree(OwnerPatches.adopt("apps/v1", "ReplicaSet", owner, pod));

    assertThat(patch.at("/metadata/uid").asText()).isEqualTo("pod-uid");
    JsonNode ref = patch.at("/metadata/ownerReferences/0");
    assertThat(ref.get("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(ref.get("kind").asText()).isEqualTo("ReplicaSet");
    assertThat(ref.get("name").asText()).isEqualTo("web-abc");
    assertThat(ref.get("uid").asText()).isEqualTo("owner-uid");
    assertThat(ref.get("controller").asBoolean()).isTrue();
    assertThat(ref.get("blockOwnerDeletion").asBoolean()).isTrue();
  }

  @Test
  void releaseDeletesOnlyTheOwnersReferenceGuardedByTheObjectsUid() throws Exception {
    JsonNode patch = JSON.readTree(OwnerPatches.release(owner, pod));

    assertThat(patch.at("/metadata/uid").asText()).isEqualTo("pod-uid");
    assertThat(patch.at("/metadata/ownerReferences").size()).isEqualTo(1);
    assertThat(patch.at("/metadata/ownerReferences/0/$patch").asText()).isEqualTo("delete");
    assertThat(patch.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("owner-uid");
  }
}
