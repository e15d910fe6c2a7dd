package keelson.scheduler;

/** What the planner decided for one pod. */
public sealed interface Decision permits Decision.Bind, Decision.Unschedulable {

  /** How many nodes were examined; the next pod starts that far on, as kube-scheduler rotates. */
  int examined();

  /** Bind the pod to this node. */
  record Bind(String node, int examined) implements Decision {}

  /** No node fits; {@code message} is the FailedScheduling message. */
  record Unschedulable(String message, int examined) implements Decision {}
}
