package keelson.nodes.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import keelson.nodes.Faults;
import keelson.nodes.Times;

/**
 * Decides the next status step of a pod bound to a simulated node, as the kubelet's status
 * manager would report it ({@code pkg/kubelet/kubelet_pods.go} generateAPIPodStatus,
 * {@code pkg/kubelet/status/generate.go}).
 *
 * <p>The path of a healthy pod is three writes: ContainerCreating (Pending, sandbox not ready),
 * Running (sandbox ready, IP, containers started; Ready at once without a readiness probe), then
 * Ready when a probe's {@code initialDelaySeconds} has passed. Conditions are always written in the
 * kubelet's order: PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled,
 * then any other (DisruptionTarget, readiness gates) as found. Pure: no I/O, no clock reads.
 */
public final class PodLifecycle {
  /** The container runtime the simulated kubelet pretends to use. */

  static final String READY_TO_START = "PodReadyToStartContainers";
  static final String INITIALIZED = "Initialized";
  static final String READY = "Ready";
  static final String CONTAINERS_READY = "ContainersReady";
  static final String SCHEDULED = "PodScheduled";
  static final List<String> KUBELET_CONDITIONS =
      List.of(READY_TO_START, INITIALIZED, READY, CONTAINERS_READY, SCHEDULED);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  private PodLifecycle() {}

  /**
   * Returns the next step for {@code pod} on {@code node}.
   *
   * @param podIp the address to report if this step starts the sandbox (callers allocate it when
   *     {@link #needsPodIp} says so); may be null otherwise
   * @param lastStepAt when the simulator last wrote a step for this pod, or null if unknown (then
   *     delays are considered elapsed)
   */
  public static PodStep next(Pod pod, Node node, Instant now, String podIp, Instant lastStepAt,
      PodTimings timings) {
    PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    if (isTerminal(pod)) {
      return pod.getMetadata().getDeletionTimestamp() != null ? new PodStep.Delete() : new PodStep.Idle();
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return terminate(pod, current, now, timings);
    }
    if (!hasCondition(current, READY_TO_START)) {
      Instant due = after(lastStepAt, timings.containerCreating());
      if (due.isAfter(now)) {
        return new PodStep.WaitUntil(due);
      }
      return new PodStep.WriteStatus(containerCreating(pod, node, current, now), "ContainerCreating");
    }
    Instant activeDeadline = activeDeadline(pod, current);
    if (activeDeadline != null && !now.isBefore(activeDeadline)) {
      return new PodStep.WriteStatus(deadlineExceeded(pod, current, now), DEADLINE_EXCEEDED);
    }
    PodStep step;
    if (!isSandboxReady(current)) {
      Instant due = after(lastStepAt, timings.containersStarted());
      if (due.isAfter(now)) {
        return new PodStep.WaitUntil(due);
      }
      String ip = isHostNetwork(pod) ? hostIp(node) : podIp;
      if (ip == null) {
        return new PodStep.Idle();
      }
      step = new PodStep.WriteStatus(running(pod, node, current, ip, now), "Running");
    } else {
      step = steady(pod, current, now);
    }
    // A pod with a deadline must be looked at again when it passes, even if nothing else is due.
    if (activeDeadline != null && step instanceof PodStep.Idle) {
      return new PodStep.WaitUntil(activeDeadline);
    }
    if (activeDeadline != null && step instanceof PodStep.WaitUntil(Instant due) && activeDeadline.isBefore(due)) {
      return new PodStep.WaitUntil(activeDeadline);
    }
    return step;
  }

  /**
   * When {@code spec.activeDeadlineSeconds} ends the pod: that many seconds after the kubelet
   * started it ({@code status.startTime}), or null without a deadline or before the start.
   */
  static Instant activeDeadline(Pod pod, PodStatus current) {
    Long seconds = pod.getSpec().getActiveDeadlineSeconds();
    if (seconds == null) {
      return null; // most pods: no start time to parse on every step
    }
    Instant started = Times.parse(current.getStartTime());
    return started == null ? null : started.plusSeconds(seconds);
  }

  /**
   * The kubelet's active-deadline handler: the containers are killed and the pod fails for good
   * (phase Failed, reason DeadlineExceeded), whatever its restart policy.
   */
  private static PodStatus deadlineExceeded(Pod pod, PodStatus current, Instant now) {
    PodStatus next = new PodStatusBuilder(current).build();
    next.setPhase("Failed");
    next.setReason(DEADLINE_EXCEEDED);
    next.setMessage("Pod was active on the node longer than the specified deadline");
    List<ContainerStatus> killed = new ArrayList<>();
    List<ContainerStatus> statuses = current.getContainerStatuses() == null ? List.of() : current.getContainerStatuses();
    for (ContainerStatus cs : statuses) {
      ContainerStatus s = new io.fabric8.kubernetes.api.model.ContainerStatusBuilder(cs).build();
      ContainerState state = cs.getState();
      if (state == null || state.getTerminated() == null) {
        Instant startedAt = state == null || state.getRunning() == null ? now
            : Objects.requireNonNullElse(Times.parse(state.getRunning().getStartedAt()), now);
        s.setState(new ContainerState(null, terminated(137, "Error", startedAt, now, cs.getContainerID()), null));
      }
      s.setReady(false);
      s.setStarted(false);
      killed.add(s);
    }
    next.setContainerStatuses(killed);
    List<PodCondition> own = new ArrayList<>();
    own.add(condition(current, READY_TO_START, "False", null, null, now));
    own.add(condition(current, INITIALIZED, "True", null, null, now));
    next.setConditions(own);
    PodReadiness.setConditions(pod, next, current, now);
    return next;
  }

  /** Returns whether the next step starts the pod's sandbox and so needs an address from the node's range. */
  public static boolean needsPodIp(Pod pod) {
    PodStatus status = pod.getStatus();
    return !isHostNetwork(pod) && !isTerminal(pod) && pod.getMetadata().getDeletionTimestamp() == null
        && (status == null || status.getPodIP() == null || status.getPodIP().isEmpty());
  }

  /** Returns whether the pod's sandbox runs (PodReadyToStartContainers is True). */
  public static boolean hasSandbox(Pod pod) {
    return isSandboxReady(pod.getStatus());
  }

  /** Returns whether a pod has finished for good (Succeeded or Failed). */
  public static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** Returns whether a pod uses its node's network namespace. */
  public static boolean isHostNetwork(Pod pod) {
    return Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
  }

  /** Returns the node's InternalIP, or null if it has none yet. */
  public static String hostIp(Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return null;
    }
    for (NodeAddress address : node.getStatus().getAddresses()) {
      if ("InternalIP".equals(address.getType())) {
        return address.getAddress();
      }
    }
    return null;
  }

  // ---- the steps -------------------------------------------------------------------------------

  private static PodStatus containerCreating(Pod pod, Node node, PodStatus current, Instant now) {
    boolean hasInit = !initContainers(pod).isEmpty();
    PodStatus next = new PodStatusBuilder(current).build();
    next.setPhase("Pending");
    setHostIps(next, node);
    if (next.getStartTime() == null) {
      next.setStartTime(Times.format(now));
    }
    List<ContainerStatus> init = new ArrayList<>();
    for (Container c : initContainers(pod)) {
      init.add(waiting(c, "PodInitializing", null, 0, null));
    }
    next.setInitContainerStatuses(init);
    List<ContainerStatus> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(waiting(c, hasInit ? "PodInitializing" : "ContainerCreating", null, 0, null));
    }
    next.setContainerStatuses(containers);
    List<PodCondition> own = new ArrayList<>();
    own.add(condition(current, READY_TO_START, "False", null, null, now));
    own.add(hasInit
        ? condition(current, INITIALIZED, "False", "ContainersNotInitialized",
            "containers with incomplete status: " + names(initContainers(pod)), now)
        : condition(current, INITIALIZED, "True", null, null, now));
    next.setConditions(own);
    PodReadiness.setConditions(pod, next, current, now);
    return next;
  }

  private static PodStatus running(Pod pod, Node node, PodStatus current, String ip, Instant now) {
    PodStatus next = new PodStatusBuilder(current).build();
    next.setPhase("Running");
    setHostIps(next, node);
    next.setPodIP(ip);
    next.setPodIPs(List.of(new PodIP(ip)));
    if (next.getStartTime() == null) {
      next.setStartTime(Times.format(now));
    }
    List<ContainerStatus> init = new ArrayList<>();
    for (Container c : initContainers(pod)) {
      if ("Always".equals(c.getRestartPolicy())) {
        init.add(runningStatus(pod, c, 0, now, true));
      } else {
        ContainerStatus done = base(c, 0);
        done.setContainerID(ContainerRuntime.containerId(pod, c, 0));
        done.setImageID(ContainerRuntime.imageId(c));
        done.setState(new ContainerState(null, terminated(0, "Completed", now, now, done.getContainerID()), null));
        init.add(done);
      }
    }
    next.setInitContainerStatuses(init);
    List<ContainerStatus> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(runningStatus(pod, c, 0, now, PodReadiness.isReadyNow(pod, c, now, now)));
    }
    next.setContainerStatuses(containers);
    List<PodCondition> own = new ArrayList<>();
    own.add(condition(current, READY_TO_START, "True", null, null, now));
    own.add(condition(current, INITIALIZED, "True", null, null, now));
    next.setConditions(own);
    PodReadiness.setConditions(pod, next, current, now);
    return next;
  }

  /** A started pod: readiness, container faults, restarts and recovery. */
  private static PodStep steady(Pod pod, PodStatus current, Instant now) {
    PodStatus next = new PodStatusBuilder(current).build();
    Instant wakeUp = null;
    boolean failing = Faults.isContainerFailing(pod);
    String restartPolicy = Objects.requireNonNullElse(pod.getSpec().getRestartPolicy(), "Always");
    List<ContainerStatus> containers = new ArrayList<>();
    String step = "Ready";
    for (Container c : pod.getSpec().getContainers()) {
      ContainerStatus cs = find(current.getContainerStatuses(), c.getName());
      if (cs == null) {
        cs = runningStatus(pod, c, 0, now, false);
      }
      ContainerStatus updated = new io.fabric8.kubernetes.api.model.ContainerStatusBuilder(cs).build();
      ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
      int restarts = Objects.requireNonNullElse(cs.getRestartCount(), 0);
      if (state.getRunning() != null) {
        Instant startedAt = Objects.requireNonNullElse(Times.parse(state.getRunning().getStartedAt()), now);
        if (failing) {
          ContainerStateTerminated exited = terminated(1, "Error", startedAt, now, cs.getContainerID());
          updated.setReady(false);
          updated.setStarted(false);
          if ("Never".equals(restartPolicy)) {
            updated.setState(new ContainerState(null, exited, null));
          } else {
            updated.setRestartCount(restarts + 1);
            updated.setLastState(new ContainerState(null, exited, null));
            updated.setState(new ContainerState(null, null,
                new ContainerStateWaiting(backOffMessage(pod, c, restarts + 1), "CrashLoopBackOff")));
          }
          step = "ContainerFailed";
        } else {
          boolean ready = PodReadiness.isReadyNow(pod, c, startedAt, now);
          updated.setReady(ready);
          updated.setStarted(true);
          if (!ready && !Faults.isReadinessFailing(pod)) {
            wakeUp = earliest(wakeUp, startedAt.plusSeconds(PodReadiness.initialDelaySeconds(c)));
          }
        }
      } else if (state.getWaiting() != null && "CrashLoopBackOff".equals(state.getWaiting().getReason())) {
        if (failing) {
          Instant finished = lastFinishedAt(cs, now);
          Instant due = finished.plus(backOff(restarts));
          if (due.isAfter(now)) {
            wakeUp = earliest(wakeUp, due);
          } else {
            // The restart after the back-off fails at once, as a crash-looping container does.
            updated.setRestartCount(restarts + 1);
            updated.setLastState(new ContainerState(null, terminated(1, "Error", now, now,
                ContainerRuntime.containerId(pod, c, restarts)), null));
            updated.setState(new ContainerState(null, null,
                new ContainerStateWaiting(backOffMessage(pod, c, restarts + 1), "CrashLoopBackOff")));
            step = "ContainerFailed";
          }
        } else {
          updated = runningStatus(pod, c, restarts, now, PodReadiness.isReadyNow(pod, c, now, now));
          updated.setLastState(cs.getLastState());
          step = "ContainerRestarted";
        }
      }
      containers.add(updated);
    }
    next.setContainerStatuses(containers);
    if ("Never".equals(restartPolicy) && containers.stream().allMatch(s -> s.getState() != null
        && s.getState().getTerminated() != null)) {
      boolean allZero = containers.stream().allMatch(s -> s.getState().getTerminated().getExitCode() == 0);
      next.setPhase(allZero ? "Succeeded" : "Failed");
    }
    List<PodCondition> own = new ArrayList<>();
    own.add(condition(current, READY_TO_START, "True", null, null, now));
    own.add(condition(current, INITIALIZED, "True", null, null, now));
    next.setConditions(own);
    PodReadiness.setConditions(pod, next, current, now);
    if (!signature(next).equals(signature(current))) {
      return new PodStep.WriteStatus(next, "Ready".equals(step) ? PodReadiness.step(next) : step);
    }
    return wakeUp == null ? new PodStep.Idle() : new PodStep.WaitUntil(wakeUp);
  }

  /** Graceful deletion: containers stop (at once, or at the deadline if they ignore SIGTERM), then the object goes. */
  private static PodStep terminate(Pod pod, PodStatus current, Instant now, PodTimings timings) {
    List<ContainerStatus> statuses = current.getContainerStatuses() == null ? List.of() : current.getContainerStatuses();
    boolean anyAlive = statuses.stream().anyMatch(s -> s.getState() != null
        && (s.getState().getRunning() != null || s.getState().getWaiting() != null
            && !"ContainerCreating".equals(s.getState().getWaiting().getReason())
            && !"PodInitializing".equals(s.getState().getWaiting().getReason())));
    if (!anyAlive) {
      return new PodStep.Delete();
    }
    Instant deadline = Times.parse(pod.getMetadata().getDeletionTimestamp());
    Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (deadline != null && grace != null && grace > 0) {
      // Stopping takes a moment (never past the deadline): see PodTimings.defaults for why.
      Instant requested = deadline.minusSeconds(grace);
      Instant stopped = requested.plus(timings.containersStopping());
      Instant stopAt = stopped.isAfter(deadline) ? deadline : stopped;
      if (stopAt.isAfter(now)) {
        return new PodStep.WaitUntil(stopAt);
      }
    }
    boolean killed = false;
    if (Faults.isIgnoringSigterm(pod) && deadline != null) {
      if (deadline.isAfter(now)) {
        return new PodStep.WaitUntil(deadline);
      }
      killed = true;
    }
    PodStatus next = new PodStatusBuilder(current).build();
    List<ContainerStatus> stopped = new ArrayList<>();
    for (ContainerStatus cs : statuses) {
      ContainerStatus s = new io.fabric8.kubernetes.api.model.ContainerStatusBuilder(cs).build();
      ContainerState state = cs.getState();
      if (state != null && state.getTerminated() == null) {
        Instant startedAt = state.getRunning() == null ? now
            : Objects.requireNonNullElse(Times.parse(state.getRunning().getStartedAt()), now);
        s.setState(new ContainerState(null, killed
            ? terminated(137, "Error", startedAt, now, cs.getContainerID())
            : terminated(0, "Completed", startedAt, now, cs.getContainerID()), null));
      }
      s.setReady(false);
      s.setStarted(false);
      stopped.add(s);
    }
    next.setContainerStatuses(stopped);
    List<PodCondition> own = new ArrayList<>();
    own.add(condition(current, READY_TO_START, "True", null, null, now));
    own.add(condition(current, INITIALIZED, "True", null, null, now));
    next.setConditions(own);
    PodReadiness.setConditions(pod, next, current, now);
    return new PodStep.WriteStatus(next, "Terminated");
  }

  /**
   * Returns what a status says, ignoring how the server may have normalised it (empty lists,
   * nulls), so that a rewrite is decided by meaning and the simulator never writes in a loop.
   */
  static String signature(PodStatus status) {
    StringBuilder b = new StringBuilder().append(status.getPhase()).append('|');
    if (status.getConditions() != null) {
      for (PodCondition c : status.getConditions()) {
        b.append(c.getType()).append('=').append(c.getStatus()).append('/').append(Objects.toString(c.getReason(), ""))
            .append(';');
      }
    }
    b.append('|');
    if (status.getContainerStatuses() != null) {
      for (ContainerStatus cs : status.getContainerStatuses()) {
        ContainerState st = cs.getState() == null ? new ContainerState() : cs.getState();
        String state = st.getRunning() != null ? "running"
            : st.getTerminated() != null ? "terminated:" + st.getTerminated().getExitCode()
            : st.getWaiting() != null ? "waiting:" + st.getWaiting().getReason() : "none";
        b.append(cs.getName()).append('=').append(state).append('/').append(cs.getReady()).append('/')
            .append(cs.getRestartCount()).append(';');
      }
    }
    return b.toString();
  }

  // ---- small builders --------------------------------------------------------------------------

  /** Returns a condition, keeping the old lastTransitionTime when the status did not change. */
  static PodCondition condition(PodStatus current, String type, String status, String reason,
      String message, Instant now) {
    PodCondition old = findCondition(current, type);
    String transition = old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
        ? old.getLastTransitionTime() : Times.format(now);
    PodCondition c = new PodCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setLastTransitionTime(transition);
    // The API server echoes lastProbeTime: null; keep it so a rewrite compares equal.
    c.setLastProbeTime(old == null ? null : old.getLastProbeTime());
    return c;
  }

  private static boolean hasCondition(PodStatus status, String type) {
    return findCondition(status, type) != null;
  }

  private static boolean isSandboxReady(PodStatus status) {
    PodCondition c = findCondition(status, READY_TO_START);
    return c != null && "True".equals(c.getStatus());
  }

  static PodCondition findCondition(PodStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return null;
    }
    for (PodCondition c : status.getConditions()) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  private static ContainerStatus find(List<ContainerStatus> statuses, String name) {
    if (statuses == null) {
      return null;
    }
    return statuses.stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
  }

  private static ContainerStatus base(Container c, int restarts) {
    ContainerStatus s = new ContainerStatus();
    s.setName(c.getName());
    s.setImage(c.getImage());
    s.setImageID("");
    s.setRestartCount(restarts);
    s.setReady(false);
    s.setStarted(false);
    return s;
  }

  private static ContainerStatus waiting(Container c, String reason, String message, int restarts,
      ContainerState last) {
    ContainerStatus s = base(c, restarts);
    s.setState(new ContainerState(null, null, new ContainerStateWaiting(message, reason)));
    s.setLastState(last == null ? new ContainerState() : last);
    return s;
  }

  private static ContainerStatus runningStatus(Pod pod, Container c, int restarts, Instant now, boolean ready) {
    ContainerStatus s = base(c, restarts);
    s.setImage(ContainerRuntime.fullyQualified(Objects.requireNonNullElse(c.getImage(), "")));
    s.setContainerID(ContainerRuntime.containerId(pod, c, restarts));
    s.setImageID(ContainerRuntime.imageId(c));
    s.setState(new ContainerState(new ContainerStateRunning(Times.format(now)), null, null));
    s.setLastState(new ContainerState());
    s.setStarted(true);
    s.setReady(ready);
    return s;
  }

  private static ContainerStateTerminated terminated(int exitCode, String reason, Instant startedAt,
      Instant finishedAt, String containerId) {
    ContainerStateTerminated t = new ContainerStateTerminated();
    t.setExitCode(exitCode);
    t.setReason(reason);
    t.setStartedAt(Times.format(startedAt));
    t.setFinishedAt(Times.format(finishedAt));
    t.setContainerID(containerId);
    return t;
  }

  private static void setHostIps(PodStatus status, Node node) {
    String hostIp = hostIp(node);
    if (hostIp != null) {
      status.setHostIP(hostIp);
      status.setHostIPs(List.of(new HostIP(hostIp)));
    }
  }

  private static Instant lastFinishedAt(ContainerStatus cs, Instant now) {
    if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
      Instant finished = Times.parse(cs.getLastState().getTerminated().getFinishedAt());
      if (finished != null) {
        return finished;
      }
    }
    return now;
  }

  /** The kubelet's crash back-off: 10 s, doubling per restart, at most 5 minutes. */
  static Duration backOff(int restarts) {
    int doublings = Math.max(0, Math.min(restarts - 1, 10));
    Duration d = Duration.ofSeconds(10L << doublings);
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private static String backOffMessage(Pod pod, Container c, int restarts) {
    return "back-off " + backOff(restarts).toSeconds() + "s restarting failed container=" + c.getName() + " pod="
        + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
  }

  private static List<Container> initContainers(Pod pod) {
    return pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
  }

  private static String names(List<Container> containers) {
    return "[" + String.join(" ", containers.stream().map(Container::getName).toList()) + "]";
  }

  private static Instant after(Instant lastStepAt, Duration delay) {
    return lastStepAt == null ? Instant.MIN : lastStepAt.plus(delay);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}
