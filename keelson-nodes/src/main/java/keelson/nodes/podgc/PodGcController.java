package keelson.nodes.podgc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import keelson.nodes.DisruptionTargets;
import keelson.nodes.cluster.ClusterActions;
import keelson.nodes.cluster.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one pod GC pass over the cache when asked (every 20 s in {@link keelson.nodes.Nodes}). */
public final class PodGcController {
  private static final Logger log = LoggerFactory.getLogger(PodGcController.class);

  private final ClusterView view;
  private final ClusterActions actions;
  private final Clock clock;
  private final Duration quarantine;
  private Map<String, Instant> absentSince = new HashMap<>();

  public PodGcController(ClusterView view, ClusterActions actions, Clock clock, Duration quarantine) {
    this.view = view;
    this.actions = actions;
    this.clock = clock;
    this.quarantine = quarantine;
  }

  /** Runs one pass; a failing pod is logged and left for the next pass. */
  public synchronized void runOnce() {
    Instant now = clock.instant();
    List<Pod> pods = view.pods();
    Set<String> nodes = view.nodes().stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    absentSince = PodGcPlanner.absences(absentSince, pods, nodes, now);
    for (PodGcPlanner.Collect collect : PodGcPlanner.plan(pods, absentSince, now, quarantine)) {
      Pod pod = collect.pod();
      try {
        if (collect.markFailed()) {
          actions.updatePodStatus(failed(pod, now));
        }
        actions.deletePod(pod, 0L);
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("pod", pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName())
            .addKeyValue("error", e.getMessage()).log("pod GC failed; next pass retries");
      }
    }
  }

  private static Pod failed(Pod pod, Instant now) {
    List<PodCondition> conditions = DisruptionTargets.conditionsWith(pod, "DeletionByPodGC",
        "PodGC: node no longer exists", now);
    return new PodBuilder(pod).editOrNewStatus().withPhase("Failed").withConditions(conditions).endStatus().build();
  }
}
