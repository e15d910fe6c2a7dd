package keelson.nodes.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeletEventsTest {

  private static final Pod POD = new PodBuilder().withNewMetadata().withName("web-0").endMetadata()
      .withNewSpec().addNewInitContainer().withName("init").withImage("busybox:1.36").endInitContainer()
      .addNewContainer().withName("nginx").withImage("nginx:1.16").endContainer().endSpec().build();

  @Test
  void startingContainersArePulledCreatedAndStartedInitContainersFirst() {
    List<KubeletEvents.Event> events = KubeletEvents.forPodStep(POD, new PodStatus(), "Running");
    assertThat(events).extracting(e -> e.fieldPath() + " " + e.reason() + ": " + e.message()).containsExactly(
        "spec.initContainers{init} Pulled: Container image \"busybox:1.36\" already present on machine",
        "spec.initContainers{init} Created: Created container: init",
        "spec.initContainers{init} Started: Started container init",
        "spec.containers{nginx} Pulled: Container image \"nginx:1.16\" already present on machine",
        "spec.containers{nginx} Created: Created container: nginx",
        "spec.containers{nginx} Started: Started container nginx");
  }

  @Test
  void stoppingKillsOnlyRunningContainers() {
    PodStatus before = new PodStatusBuilder()
        .addToContainerStatuses(new ContainerStatusBuilder().withName("nginx").withNewState().withNewRunning()
            .withStartedAt("2026-01-01T00:00:00Z").endRunning().endState().build())
        .addToContainerStatuses(new ContainerStatusBuilder().withName("done").withNewState().withNewTerminated()
            .withExitCode(0).endTerminated().endState().build())
        .build();
    assertThat(KubeletEvents.forPodStep(POD, before, "Terminated"))
        .containsExactly(new KubeletEvents.Event("spec.containers{nginx}", "Normal", "Killing", "Stopping container nginx"));
    assertThat(KubeletEvents.forPodStep(POD, before, "Ready")).isEmpty();
  }

  @Test
  void firstNodeStatusAnnouncesTheKubeletAndEachHealthyCondition() {
    NodeStatus posted = status("False", "False", "False", "True");
    assertThat(KubeletEvents.forNodeStatus("n1", new NodeStatus(), posted))
        .extracting(e -> e.reason() + ": " + e.message()).containsExactly(
            "Starting: Starting kubelet.",
            "NodeHasSufficientMemory: Node n1 status is now: NodeHasSufficientMemory",
            "NodeHasNoDiskPressure: Node n1 status is now: NodeHasNoDiskPressure",
            "NodeHasSufficientPID: Node n1 status is now: NodeHasSufficientPID",
            "NodeAllocatableEnforced: Updated Node Allocatable limit across pods");
  }

  @Test
  void laterPostsRecordOnlyTransitions() {
    NodeStatus healthy = status("False", "False", "False", "True");
    assertThat(KubeletEvents.forNodeStatus("n1", healthy, healthy)).isEmpty();
    assertThat(KubeletEvents.forNodeStatus("n1", status("False", "False", "False", "Unknown"), healthy))
        .extracting(KubeletEvents.Event::reason).containsExactly("NodeReady");
  }

  private static NodeStatus status(String memory, String disk, String pid, String ready) {
    return new NodeStatusBuilder().withConditions(condition("MemoryPressure", memory), condition("DiskPressure", disk),
        condition("PIDPressure", pid), condition("Ready", ready)).build();
  }

  private static NodeCondition condition(String type, String status) {
    return new NodeConditionBuilder().withType(type).withStatus(status).build();
  }
}
