package keelson.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisruptionTargetsTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00.700Z");

  @Test
  void replacesAnEarlierDisruptionTargetAndKeepsTheOtherConditions() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus()
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewCondition().withType("DisruptionTarget").withStatus("True").withReason("Old").endCondition()
        .endStatus().build();

    List<PodCondition> conditions = DisruptionTargets.conditionsWith(pod, "DeletionByPodGC",
        "PodGC: node no longer exists", NOW);

    assertThat(conditions).extracting(PodCondition::getType).containsExactly("Ready", "DisruptionTarget");
    PodCondition target = conditions.get(1);
    assertThat(target.getStatus()).isEqualTo("True");
    assertThat(target.getReason()).isEqualTo("DeletionByPodGC");
    assertThat(target.getMessage()).isEqualTo("PodGC: node no longer exists");
    assertThat(target.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(pod.getStatus().getConditions()).extracting(PodCondition::getReason).contains("Old");
  }

  @Test
  void aPodWithoutStatusGetsTheConditionAlone() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().build();

    assertThat(DisruptionTargets.conditionsWith(pod, "DeletionByTaintManager", "m", NOW))
        .extracting(PodCondition::getType).containsExactly("DisruptionTarget");
  }
}
