package keelson.controllers.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GarbageCollectorPlannerTest {

  static OwnerReference owner(String uid, boolean block) {
    return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet").withName("o-" + uid)
        .withUid(uid).withController(true).withBlockOwnerDeletion(block).build();
  }

  static GraphNode node(String uid, List<OwnerReference> owners) {
    return new GraphNode(new ObjectRef("v1", "Pod", "default", "n-" + uid, uid), owners, false, List.of());
  }

  static GraphNode deleting(String uid, List<OwnerReference> owners, String... finalizers) {
    return new GraphNode(new ObjectRef("apps/v1", "StatefulSet", "default", "n-" + uid, uid), owners, true,
        List.of(finalizers));
  }

  @Test
  void deletesInBackgroundWhenAllOwnersAreAbsent() {
    GraphNode pod = node("p", List.of(owner("a", true), owner("b", false)));
    assertThat(GarbageCollectorPlanner.planItem(pod, Map.of("a", OwnerStatus.ABSENT, "b", OwnerStatus.ABSENT), List.of()))
        .containsExactly(new GcAction.DeleteObject(pod.ref(), GcAction.BACKGROUND));
  }

  @Test
  void keepsAnObjectWithALiveOwnerAndDropsDanglingReferences() {
    GraphNode pod = node("p", List.of(owner("a", true), owner("b", true), owner("c", true)));
    var plan = GarbageCollectorPlanner.planItem(pod,
        Map.of("a", OwnerStatus.SOLID, "b", OwnerStatus.ABSENT, "c", OwnerStatus.WAITING_FOR_DEPENDENTS), List.of());
    assertThat(plan).containsExactly(new GcAction.RemoveOwnerReferences(pod.ref(), Set.of("b", "c")));
  }

  @Test
  void keepsAnObjectWhoseOwnersAreAllSolid() {
    GraphNode pod = node("p", List.of(owner("a", true)));
    assertThat(GarbageCollectorPlanner.planItem(pod, Map.of("a", OwnerStatus.SOLID), List.of())).isEmpty();
  }

  @Test
  void deletesForegroundWhenTheOwnerWaitsAndTheItemHasDependents() {
    GraphNode rs = node("rs", List.of(owner("d", true)));
    GraphNode pod = node("p", List.of(owner("rs", true)));
    assertThat(GarbageCollectorPlanner.planItem(rs, Map.of("d", OwnerStatus.WAITING_FOR_DEPENDENTS), List.of(pod)))
        .containsExactly(new GcAction.DeleteObject(rs.ref(), GcAction.FOREGROUND));
  }

  @Test
  void unblocksBeforeForegroundDeletionWhenADependentAlsoWaits() {
    GraphNode rs = node("rs", List.of(owner("d", true)));
    GraphNode waitingDependent = deleting("x", List.of(owner("rs", true)), GraphNode.FOREGROUND);
    assertThat(GarbageCollectorPlanner.planItem(rs, Map.of("d", OwnerStatus.WAITING_FOR_DEPENDENTS),
        List.of(waitingDependent)))
        .containsExactly(new GcAction.UnblockOwnerReferences(rs.ref()),
            new GcAction.DeleteObject(rs.ref(), GcAction.FOREGROUND));
  }

  @Test
  void deletesALeafOfAWaitingOwnerInBackground() {
    GraphNode pod = node("p", List.of(owner("s", true)));
    assertThat(GarbageCollectorPlanner.planItem(pod, Map.of("s", OwnerStatus.WAITING_FOR_DEPENDENTS), List.of()))
        .containsExactly(new GcAction.DeleteObject(pod.ref(), GcAction.BACKGROUND));
  }

  @Test
  void honoursAnOrphanFinalizerAlreadyOnTheItem() {
    GraphNode pod = new GraphNode(node("p", List.of()).ref(), List.of(owner("a", true)), false, List.of(GraphNode.ORPHAN));
    assertThat(GarbageCollectorPlanner.planItem(pod, Map.of("a", OwnerStatus.ABSENT), List.of()))
        .containsExactly(new GcAction.DeleteObject(pod.ref(), GcAction.ORPHAN));
  }

  @Test
  void releasesAForegroundOwnerOnlyWhenNoBlockingDependentRemains() {
    GraphNode set = deleting("s", List.of(), GraphNode.FOREGROUND);
    GraphNode blocking = node("p1", List.of(owner("s", true)));
    GraphNode terminating = new GraphNode(node("p2", List.of()).ref(), List.of(owner("s", true)), true, List.of());
    GraphNode nonBlocking = node("p3", List.of(owner("s", false)));

    assertThat(GarbageCollectorPlanner.planItem(set, Map.of(), List.of(blocking, terminating, nonBlocking)))
        .containsExactly(new GcAction.Enqueue(List.of("p1", "p3")));
    assertThat(GarbageCollectorPlanner.planItem(set, Map.of(), List.of(terminating))).isEmpty();
    assertThat(GarbageCollectorPlanner.planItem(set, Map.of(), List.of(nonBlocking)))
        .containsExactly(new GcAction.RemoveFinalizer(set.ref(), GraphNode.FOREGROUND));
  }

  @Test
  void leavesAnObjectBeingDeletedWithoutForegroundAlone() {
    GraphNode pod = new GraphNode(node("p", List.of()).ref(), List.of(owner("a", true)), true, List.of());
    assertThat(GarbageCollectorPlanner.planItem(pod, Map.of(), List.of())).isEmpty();
  }

  @Test
  void orphansEveryDependentThenDropsTheFinalizer() {
    GraphNode set = deleting("s", List.of(), GraphNode.ORPHAN);
    GraphNode p1 = node("p1", List.of(owner("s", true)));
    GraphNode p2 = node("p2", List.of(owner("s", true), owner("x", true)));
    assertThat(GarbageCollectorPlanner.planOrphan(set, List.of(p1, p2))).containsExactly(
        new GcAction.RemoveOwnerReferences(p1.ref(), Set.of("s")),
        new GcAction.RemoveOwnerReferences(p2.ref(), Set.of("s")),
        new GcAction.RemoveFinalizer(set.ref(), GraphNode.ORPHAN));
    assertThat(GarbageCollectorPlanner.planOrphan(node("s", List.of()), List.of(p1))).isEmpty();
  }
}
