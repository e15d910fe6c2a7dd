package keelson.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeOrderTest {
  private static Node node(String name, String version) {
    return new NodeBuilder().withNewMetadata().withName(name).withResourceVersion(version).endMetadata().build();
  }

  private static List<String> names(List<Node> nodes) {
    return nodes.stream().map(n -> n.getMetadata().getName()).toList();
  }

  @Test
  void nodesComeSortedByNameAndAsTheyAreNowWhenTheNamesAreTheSame() {
    NodeOrder order = new NodeOrder();
    assertThat(names(order.sorted(List.of(node("n-10", "1"), node("n-2", "1"), node("n-1", "1")))))
        .containsExactly("n-1", "n-10", "n-2");

    List<Node> again = order.sorted(List.of(node("n-2", "2"), node("n-1", "2"), node("n-10", "2")));
    assertThat(names(again)).containsExactly("n-1", "n-10", "n-2");
    assertThat(again).allSatisfy(n -> assertThat(n.getMetadata().getResourceVersion()).isEqualTo("2"));
  }

  @Test
  void aNodeAddedRemovedOrReplacedByAnotherNameIsSortedIn() {
    NodeOrder order = new NodeOrder();
    order.sorted(List.of(node("b", "1"), node("a", "1")));
    assertThat(names(order.sorted(List.of(node("c", "1"), node("b", "1"), node("a", "1"))))).containsExactly("a", "b", "c");
    assertThat(names(order.sorted(List.of(node("c", "1"), node("a", "1"))))).containsExactly("a", "c");
    assertThat(names(order.sorted(List.of(node("c", "1"), node("0", "1"))))).containsExactly("0", "c");
    assertThat(order.sorted(List.of())).isEmpty();
  }
}
