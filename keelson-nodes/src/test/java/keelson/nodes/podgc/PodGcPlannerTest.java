package keelson.nodes.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keelson.nodes.Fixtures;
import keelson.nodes.Times;
import org.junit.jupiter.api.Test;

class PodGcPlannerTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration QUARANTINE = Duration.ofSeconds(40);

  @Test
  void podsOfAVanishedNodeAreCollectedOnlyAfterTheQuarantine() {
    Pod orphan = Fixtures.boundPod("ds-abcde", "gone", T0);
    Pod kept = Fixtures.boundPod("web-0", "here", T0);
    List<Pod> pods = List.of(orphan, kept);
    Map<String, Instant> absent = PodGcPlanner.absences(Map.of(), pods, Set.of("here"), T0);
    assertThat(absent).containsOnlyKeys("gone");
    assertThat(PodGcPlanner.plan(pods, absent, T0.plusSeconds(39), QUARANTINE)).isEmpty();
    absent = PodGcPlanner.absences(absent, pods, Set.of("here"), T0.plusSeconds(40));
    assertThat(PodGcPlanner.plan(pods, absent, T0.plusSeconds(40), QUARANTINE))
        .containsExactly(new PodGcPlanner.Collect(orphan, true));
  }

  @Test
  void aNodeThatCameBackIsForgotten() {
    Pod pod = Fixtures.boundPod("web-0", "flaky", T0);
    Map<String, Instant> absent = PodGcPlanner.absences(Map.of(), List.of(pod), Set.of(), T0);
    absent = PodGcPlanner.absences(absent, List.of(pod), Set.of("flaky"), T0.plusSeconds(30));
    assertThat(absent).isEmpty();
  }

  @Test
  void finishedPodsAreDeletedWithoutBeingMarkedAndUnboundTerminatingPodsToo() {
    Pod done = new PodBuilder(Fixtures.boundPod("job", "gone", T0)).editStatus().withPhase("Succeeded").endStatus().build();
    Pod unbound = new PodBuilder(Fixtures.boundPod("pending", null, T0)).editMetadata()
        .withDeletionTimestamp(Times.format(T0)).endMetadata().build();
    List<Pod> pods = List.of(done, unbound);
    assertThat(PodGcPlanner.plan(pods, Map.of("gone", T0), T0.plusSeconds(60), QUARANTINE))
        .containsExactly(new PodGcPlanner.Collect(done, false), new PodGcPlanner.Collect(unbound, false));
  }
}
