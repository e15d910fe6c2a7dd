package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one planned sync: ReplicaSet writes in order, the revision annotation the
 * deployment should carry (empty if unchanged), the status to write, events that do not follow from
 * an action, and when to look again (the progress deadline).
 */
public record RolloutPlan(List<RolloutAction> actions, Optional<String> revision, DeploymentStatus status,
    List<Event> events, Optional<Duration> requeueAfter) {

  /** An event about the deployment. */
  public record Event(String type, String reason, String message) {}
}
