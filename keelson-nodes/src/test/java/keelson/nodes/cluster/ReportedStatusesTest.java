package keelson.nodes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReportedStatusesTest {
  private final List<PodStatus> converted = new ArrayList<>();
  private final Function<PodStatus, ObjectNode> toTree = status -> {
    converted.add(status);
    return JsonNodeFactory.instance.objectNode().put("phase", status.getPhase());
  };

  @Test
  void theTreeReportedLastIsReusedOnlyWhileTheSeenStatusEqualsIt() {
    ReportedStatuses statuses = new ReportedStatuses(2);
    PodStatus creating = new PodStatusBuilder().withPhase("Pending").addNewCondition().withType("Ready")
        .withStatus("False").endCondition().build();
    ObjectNode sent = JsonNodeFactory.instance.objectNode().put("phase", "Pending");
    statuses.reported("uid-1", creating, sent);

    // As decoded from the watch: equal, not the same object.
    PodStatus seenEqual = new KubernetesSerialization().unmarshal(new KubernetesSerialization().asJson(creating),
        PodStatus.class);
    assertThat(statuses.treeOf("uid-1", seenEqual, toTree)).isSameAs(sent);
    assertThat(converted).isEmpty();

    PodStatus seenChanged = new PodStatusBuilder(creating).editFirstCondition().withStatus("True").endCondition()
        .build();
    assertThat(statuses.treeOf("uid-1", seenChanged, toTree)).isNotSameAs(sent);
    assertThat(statuses.treeOf("uid-2", seenEqual, toTree)).isNotSameAs(sent);
    assertThat(converted).containsExactly(seenChanged, seenEqual);
  }

  @Test
  void onlyTheMostRecentlyUsedPodsAreRemembered() {
    ReportedStatuses statuses = new ReportedStatuses(2);
    PodStatus status = new PodStatusBuilder().withPhase("Running").build();
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    statuses.reported("a", status, tree);
    statuses.reported("b", status, tree);
    statuses.treeOf("a", status, toTree);
    statuses.reported("c", status, tree);

    assertThat(statuses.treeOf("a", status, toTree)).isSameAs(tree);
    assertThat(statuses.treeOf("c", status, toTree)).isSameAs(tree);
    assertThat(statuses.treeOf("b", status, toTree)).isNotSameAs(tree);
  }
}
