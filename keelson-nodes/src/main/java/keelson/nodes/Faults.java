package keelson.nodes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The annotations that steer the simulator, settable with {@code kubectl annotate}; removing one
 * undoes its fault. See the module README for examples.
 */
public final class Faults {
  private Faults() {}

  /** On a Node, {@code "false"} leaves the Node alone: the simulator does not manage it. */
  public static final String SIMULATED = "keelson.dev/simulated";
  /** On a Node, {@code "stopped"} stops lease renewal and status posts (the node goes Unknown). */
  public static final String HEARTBEAT = "keelson.dev/heartbeat";
  /** On a Node, {@code "false"} makes the kubelet post Ready=False (the node goes NotReady). */
  public static final String NODE_READY = "keelson.dev/node-ready";
  /** On a Pod, {@code "false"} fails every readiness check: Ready and ContainersReady go False. */
  public static final String READY = "keelson.dev/ready";
  /** On a Pod, {@code "failed"} makes every container exit with code 1 (and keep failing). */
  public static final String CONTAINER = "keelson.dev/container";
  /** On a Pod, {@code "ignore-sigterm"} keeps containers running until the grace deadline. */
  public static final String TERMINATION = "keelson.dev/termination";

  /** Returns whether the simulator manages this Node (all Nodes unless annotated otherwise). */
  public static boolean isSimulated(HasMetadata node) {
    return !"false".equals(annotation(node, SIMULATED));
  }

  /** Returns whether this Node's heartbeats are stopped. */
  public static boolean isHeartbeatStopped(HasMetadata node) {
    return "stopped".equals(annotation(node, HEARTBEAT));
  }

  /** Returns whether this Node's kubelet is told to report NotReady. */
  public static boolean isNodeNotReady(HasMetadata node) {
    return "false".equals(annotation(node, NODE_READY));
  }

  /** Returns whether this Pod's readiness checks are told to fail. */
  public static boolean isReadinessFailing(HasMetadata pod) {
    return "false".equals(annotation(pod, READY));
  }

  /** Returns whether this Pod's containers are told to crash. */
  public static boolean isContainerFailing(HasMetadata pod) {
    return "failed".equals(annotation(pod, CONTAINER));
  }

  /** Returns whether this Pod's containers ignore SIGTERM (run until the grace deadline). */
  public static boolean isIgnoringSigterm(HasMetadata pod) {
    return "ignore-sigterm".equals(annotation(pod, TERMINATION));
  }

  private static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
