package keelson.nodes.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import keelson.nodes.Faults;
import keelson.nodes.Fixtures;
import keelson.nodes.Times;
import org.junit.jupiter.api.Test;

class PodLifecycleTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private final Node node = Fixtures.node("keelson-node-1", "10.244.0.0/24", "172.18.0.2");

  private static PodStatus write(PodStep step, String expectedStep) {
    assertThat(step).isInstanceOf(PodStep.WriteStatus.class);
    PodStep.WriteStatus write = (PodStep.WriteStatus) step;
    assertThat(write.step()).isEqualTo(expectedStep);
    return write.status();
  }

  private static Pod with(Pod pod, PodStatus status) {
    return new PodBuilder(pod).withStatus(status).build();
  }

  private static Pod annotated(Pod pod, String key, String value) {
    return new PodBuilder(pod).editMetadata().addToAnnotations(Map.of(key, value)).endMetadata().build();
  }

  private Pod running(Pod pod, Instant at) {
    Pod creating = with(pod, write(PodLifecycle.next(pod, node, at, null, null, PodTimings.immediate()),
        "ContainerCreating"));
    return with(creating, ((PodStep.WriteStatus) PodLifecycle.next(creating, node, at, "10.244.0.2", at,
        PodTimings.immediate())).status());
  }

  private static String condition(PodStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).map(PodCondition::getStatus)
        .findFirst().orElse(null);
  }

  @Test
  void boundPodGoesContainerCreatingThenRunningAndReadyWithConditionsInKubeletOrder() {
    Pod pod = Fixtures.boundPod("web-0", "keelson-node-1", T0);
    PodStatus creating = write(PodLifecycle.next(pod, node, T0, null, null, PodTimings.defaults()), "ContainerCreating");
    assertThat(creating.getPhase()).isEqualTo("Pending");
    assertThat(creating.getQosClass()).isEqualTo("BestEffort");
    assertThat(creating.getHostIP()).isEqualTo("172.18.0.2");
    assertThat(creating.getPodIP()).isNull();
    assertThat(creating.getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(creating.getConditions()).extracting(PodCondition::getType)
        .containsExactly("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
    assertThat(creating.getConditions()).extracting(PodCondition::getStatus)
        .containsExactly("False", "True", "False", "False", "True");
    assertThat(PodLifecycle.needsPodIp(with(pod, creating))).isTrue();

    Pod p1 = with(pod, creating);
    assertThat(PodLifecycle.next(p1, node, T0.plusMillis(5), "10.244.0.2", T0, PodTimings.defaults()))
        .isEqualTo(new PodStep.WaitUntil(T0.plusMillis(10)));
    PodStatus running = write(PodLifecycle.next(p1, node, T0.plusMillis(10), "10.244.0.2", T0, PodTimings.defaults()),
        "Running");
    assertThat(running.getPhase()).isEqualTo("Running");
    assertThat(running.getPodIP()).isEqualTo("10.244.0.2");
    assertThat(running.getPodIPs()).singleElement().satisfies(ip -> assertThat(ip.getIp()).isEqualTo("10.244.0.2"));
    assertThat(running.getContainerStatuses().get(0).getState().getRunning().getStartedAt()).isEqualTo(Times.format(T0));
    assertThat(running.getContainerStatuses().get(0).getContainerID()).startsWith("containerd://");
    assertThat(running.getConditions()).extracting(PodCondition::getStatus).containsOnly("True");
    assertThat(running.getConditions().get(4).getLastTransitionTime()).isEqualTo(Times.format(T0));

    assertThat(PodLifecycle.next(with(pod, running), node, T0.plusSeconds(5), null, T0, PodTimings.defaults()))
        .isEqualTo(new PodStep.Idle());
  }

  @Test
  void statusesAsBuiltEqualThemselvesDecodedFromJson() {
    // The kubelet reuses the tree of the status it reported last when the watch brings back an
    // equal one (ReportedStatuses): a null where decoding gives an empty list would defeat that.
    KubernetesSerialization json = new KubernetesSerialization();
    Pod pod = Fixtures.boundPod("web-0", "keelson-node-1", T0);
    PodStatus creating = write(PodLifecycle.next(pod, node, T0, null, null, PodTimings.defaults()), "ContainerCreating");
    PodStatus running = write(PodLifecycle.next(with(pod, creating), node, T0.plusMillis(10), "10.244.0.2", T0,
        PodTimings.defaults()), "Running");
    for (PodStatus status : List.of(creating, running)) {
      assertThat(json.unmarshal(json.asJson(status), PodStatus.class)).isEqualTo(status);
    }
  }

  @Test
  void readinessProbeDelaysReadyUntilInitialDelayHasPassed() {
    Pod pod = new PodBuilder(Fixtures.boundPod("web-0", "keelson-node-1", T0)).editSpec().editFirstContainer()
        .withNewReadinessProbe().withInitialDelaySeconds(5).withNewTcpSocket().withNewPort(80).endTcpSocket()
        .endReadinessProbe().endContainer().endSpec().build();
    Pod started = running(pod, T0);
    assertThat(condition(started.getStatus(), "Ready")).isEqualTo("False");
    assertThat(condition(started.getStatus(), "ContainersReady")).isEqualTo("False");
    assertThat(PodLifecycle.next(started, node, T0.plusSeconds(1), null, T0, PodTimings.defaults()))
        .isEqualTo(new PodStep.WaitUntil(T0.plusSeconds(5)));
    PodStatus ready = write(PodLifecycle.next(started, node, T0.plusSeconds(5), null, T0, PodTimings.defaults()), "Ready");
    assertThat(condition(ready, "Ready")).isEqualTo("True");
    assertThat(ready.getConditions().get(2).getLastTransitionTime()).isEqualTo(Times.format(T0.plusSeconds(5)));
  }

  @Test
  void readinessFaultMakesThePodNotReadyAndItsRemovalRecovers() {
    Pod started = running(Fixtures.boundPod("web-1", "keelson-node-1", T0), T0);
    Pod faulty = annotated(started, Faults.READY, "false");
    PodStatus notReady = write(PodLifecycle.next(faulty, node, T0.plusSeconds(3), null, T0, PodTimings.defaults()),
        "NotReady");
    assertThat(condition(notReady, "Ready")).isEqualTo("False");
    assertThat(condition(notReady, "ContainersReady")).isEqualTo("False");
    assertThat(notReady.getPhase()).isEqualTo("Running");
    PodStatus again = write(PodLifecycle.next(with(started, notReady), node, T0.plusSeconds(4), null, T0,
        PodTimings.defaults()), "Ready");
    assertThat(condition(again, "Ready")).isEqualTo("True");
  }

  @Test
  void containerFaultCrashLoopsWithRestartCountAndRecovers() {
    Pod started = running(Fixtures.boundPod("web-2", "keelson-node-1", T0), T0);
    Pod faulty = annotated(started, Faults.CONTAINER, "failed");
    PodStatus crashed = write(PodLifecycle.next(faulty, node, T0.plusSeconds(2), null, T0, PodTimings.defaults()),
        "ContainerFailed");
    var cs = crashed.getContainerStatuses().get(0);
    assertThat(cs.getRestartCount()).isEqualTo(1);
    assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(crashed.getPhase()).isEqualTo("Running");
    assertThat(condition(crashed, "Ready")).isEqualTo("False");

    Pod looping = with(faulty, crashed);
    assertThat(PodLifecycle.next(looping, node, T0.plusSeconds(5), null, T0, PodTimings.defaults()))
        .isEqualTo(new PodStep.WaitUntil(T0.plusSeconds(12)));
    PodStatus again = write(PodLifecycle.next(looping, node, T0.plusSeconds(12), null, T0, PodTimings.defaults()),
        "ContainerFailed");
    assertThat(again.getContainerStatuses().get(0).getRestartCount()).isEqualTo(2);

    PodStatus recovered = write(PodLifecycle.next(with(started, again), node, T0.plusSeconds(13), null, T0,
        PodTimings.defaults()), "ContainerRestarted");
    assertThat(recovered.getContainerStatuses().get(0).getState().getRunning()).isNotNull();
    assertThat(recovered.getContainerStatuses().get(0).getRestartCount()).isEqualTo(2);
    assertThat(condition(recovered, "Ready")).isEqualTo("True");
  }

  @Test
  void restartPolicyNeverFailsThePodOnContainerFault() {
    Pod pod = new PodBuilder(Fixtures.boundPod("job", "keelson-node-1", T0)).editSpec().withRestartPolicy("Never")
        .endSpec().build();
    Pod faulty = annotated(running(pod, T0), Faults.CONTAINER, "failed");
    PodStatus failed = write(PodLifecycle.next(faulty, node, T0.plusSeconds(1), null, T0, PodTimings.defaults()),
        "ContainerFailed");
    assertThat(failed.getPhase()).isEqualTo("Failed");
    assertThat(PodLifecycle.next(with(faulty, failed), node, T0.plusSeconds(2), null, T0, PodTimings.defaults()))
        .isEqualTo(new PodStep.Idle());
  }

  @Test
  void anActiveDeadlineFailsThePodForGoodOnceItHasPassed() {
    Pod pod = new PodBuilder(Fixtures.boundPod("web-1", "keelson-node-1", T0)).editSpec()
        .withActiveDeadlineSeconds(30L).endSpec().build();
    Pod started = running(pod, T0);
    assertThat(PodLifecycle.next(started, node, T0.plusSeconds(5), null, T0, PodTimings.defaults()))
        .as("looked at again when the deadline passes").isEqualTo(new PodStep.WaitUntil(T0.plusSeconds(30)));
    PodStatus failed = write(PodLifecycle.next(started, node, T0.plusSeconds(30), null, T0, PodTimings.defaults()),
        "DeadlineExceeded");
    assertThat(failed.getPhase()).isEqualTo("Failed");
    assertThat(failed.getReason()).isEqualTo("DeadlineExceeded");
    assertThat(failed.getMessage()).isEqualTo("Pod was active on the node longer than the specified deadline");
    assertThat(failed.getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(condition(failed, "Ready")).isEqualTo("False");
    assertThat(PodLifecycle.next(with(started, failed), node, T0.plusSeconds(31), null, T0, PodTimings.defaults()))
        .isEqualTo(new PodStep.Idle());
  }

  @Test
  void anActiveDeadlineShortensALongerWait() {
    Pod pod = new PodBuilder(Fixtures.boundPod("web-1", "keelson-node-1", T0)).editSpec()
        .withActiveDeadlineSeconds(2L).editFirstContainer().withNewReadinessProbe().withInitialDelaySeconds(10)
        .endReadinessProbe().endContainer().endSpec().build();
    Pod started = running(pod, T0);
    assertThat(PodLifecycle.next(started, node, T0.plusSeconds(1), null, T0, PodTimings.defaults()))
        .isEqualTo(new PodStep.WaitUntil(T0.plusSeconds(2)));
  }

  @Test
  void gracefulDeletionStopsContainersThenDeletesTheObject() {
    Pod started = running(Fixtures.boundPod("web-0", "keelson-node-1", T0), T0);
    Pod deleting = new PodBuilder(started).editMetadata().withDeletionTimestamp(Times.format(T0.plusSeconds(40)))
        .withDeletionGracePeriodSeconds(30L).endMetadata().build();
    assertThat(PodLifecycle.next(deleting, node, T0.plusSeconds(10), null, T0, PodTimings.defaults()))
        .as("containers take a moment to stop after the delete request")
        .isEqualTo(new PodStep.WaitUntil(T0.plusMillis(11_500)));
    PodStatus stopped = write(PodLifecycle.next(deleting, node, T0.plusMillis(11_500), null, T0, PodTimings.defaults()),
        "Terminated");
    assertThat(stopped.getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
    assertThat(stopped.getContainerStatuses().get(0).getReady()).isFalse();
    assertThat(condition(stopped, "Ready")).isEqualTo("False");
    assertThat(PodLifecycle.next(with(deleting, stopped), node, T0.plusMillis(11_500), null, T0, PodTimings.defaults()))
        .isEqualTo(new PodStep.Delete());
  }

  @Test
  void podIgnoringSigtermRunsUntilTheGraceDeadline() {
    Pod started = running(Fixtures.boundPod("web-0", "keelson-node-1", T0), T0);
    Pod deleting = annotated(new PodBuilder(started).editMetadata().withDeletionTimestamp(Times.format(T0.plusSeconds(40)))
        .endMetadata().build(), Faults.TERMINATION, "ignore-sigterm");
    assertThat(PodLifecycle.next(deleting, node, T0.plusSeconds(10), null, T0, PodTimings.defaults()))
        .isEqualTo(new PodStep.WaitUntil(T0.plusSeconds(40)));
    PodStatus killed = write(PodLifecycle.next(deleting, node, T0.plusSeconds(40), null, T0, PodTimings.defaults()),
        "Terminated");
    assertThat(killed.getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(137);
  }

  @Test
  void deletedPodThatNeverStartedIsRemovedAtOnce() {
    Pod pod = Fixtures.boundPod("web-0", "keelson-node-1", T0);
    Pod creating = with(pod, write(PodLifecycle.next(pod, node, T0, null, null, PodTimings.defaults()),
        "ContainerCreating"));
    Pod deleting = new PodBuilder(creating).editMetadata().withDeletionTimestamp(Times.format(T0.plusSeconds(30)))
        .endMetadata().build();
    assertThat(PodLifecycle.next(deleting, node, T0, null, T0, PodTimings.defaults())).isEqualTo(new PodStep.Delete());
  }

  @Test
  void finishedPodsStayUntilDeleted() {
    Pod done = new PodBuilder(Fixtures.boundPod("job", "keelson-node-1", T0)).editStatus().withPhase("Succeeded")
        .endStatus().build();
    assertThat(PodLifecycle.next(done, node, T0, null, null, PodTimings.defaults())).isEqualTo(new PodStep.Idle());
    assertThat(PodLifecycle.needsPodIp(done)).isFalse();
  }

  @Test
  void hostNetworkPodsUseTheNodeAddress() {
    Pod pod = new PodBuilder(Fixtures.boundPod("ds", "keelson-node-1", T0)).editSpec().withHostNetwork(true)
        .endSpec().build();
    assertThat(PodLifecycle.needsPodIp(pod)).isFalse();
    Pod creating = with(pod, write(PodLifecycle.next(pod, node, T0, null, null, PodTimings.immediate()),
        "ContainerCreating"));
    PodStatus running = write(PodLifecycle.next(creating, node, T0, null, T0, PodTimings.immediate()), "Running");
    assertThat(running.getPodIP()).isEqualTo("172.18.0.2");
  }

  @Test
  void initContainersShowPodInitializingThenComplete() {
    Pod pod = new PodBuilder(Fixtures.boundPod("init", "keelson-node-1", T0)).editSpec().addNewInitContainer()
        .withName("setup").withImage("busybox").endInitContainer().endSpec().build();
    PodStatus creating = write(PodLifecycle.next(pod, node, T0, null, null, PodTimings.immediate()), "ContainerCreating");
    assertThat(condition(creating, "Initialized")).isEqualTo("False");
    assertThat(creating.getInitContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    PodStatus running = write(PodLifecycle.next(with(pod, creating), node, T0, "10.244.0.3", T0,
        PodTimings.immediate()), "Running");
    assertThat(running.getInitContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(condition(running, "Initialized")).isEqualTo("True");
  }

  @Test
  void backOffDoublesUpToFiveMinutes() {
    assertThat(PodLifecycle.backOff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(PodLifecycle.backOff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(PodLifecycle.backOff(9)).isEqualTo(Duration.ofMinutes(5));
  }

  @org.junit.jupiter.api.Test
  void runningImagesAreReportedFullyQualifiedAsContainerdDoes() {
    org.assertj.core.api.Assertions.assertThat(ContainerRuntime.fullyQualified("nginx:1.16"))
        .isEqualTo("docker.io/library/nginx:1.16");
    org.assertj.core.api.Assertions.assertThat(ContainerRuntime.fullyQualified("amsy810/echo-nginx:v2.0"))
        .isEqualTo("docker.io/amsy810/echo-nginx:v2.0");
    org.assertj.core.api.Assertions.assertThat(ContainerRuntime.fullyQualified("registry.k8s.io/pause:3.10"))
        .isEqualTo("registry.k8s.io/pause:3.10");
    org.assertj.core.api.Assertions.assertThat(ContainerRuntime.fullyQualified("localhost/app")).isEqualTo("localhost/app");
  }
}
