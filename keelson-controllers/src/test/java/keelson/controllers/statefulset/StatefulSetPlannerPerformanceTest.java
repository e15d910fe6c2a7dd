package keelson.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sanity figure, not a benchmark: planning a 1,000-replica Parallel set. Prints timings, asserts none. */
class StatefulSetPlannerPerformanceTest {

  @Test
  void plansAThousandReplicaParallelSet() {
    StatefulSet set = StatefulSetPlannerTest.set(1000, "Parallel");
    ControllerRevision rev = StatefulSetPlannerTest.revision(set, 1);
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      pods.add(StatefulSetPlannerTest.ready(set, rev, i));
    }
    StatefulSetObservation steady = new StatefulSetObservation(set, pods, StatefulSetPlannerTest.claimsOf(set, pods),
        List.of(rev));
    StatefulSetObservation empty = new StatefulSetObservation(set, List.of(), List.of(), List.of(rev));
    for (int i = 0; i < 20; i++) {
      StatefulSetPlanner.plan(steady, StatefulSetPlannerTest.NOW);
      StatefulSetPlanner.plan(empty, StatefulSetPlannerTest.NOW);
    }
    long t0 = System.nanoTime();
    StatefulSetPlan steadyPlan = null;
    for (int i = 0; i < 10; i++) {
      steadyPlan = StatefulSetPlanner.plan(steady, StatefulSetPlannerTest.NOW);
    }
    long t1 = System.nanoTime();
    StatefulSetPlan createPlan = null;
    for (int i = 0; i < 10; i++) {
      createPlan = StatefulSetPlanner.plan(empty, StatefulSetPlannerTest.NOW);
    }
    long t2 = System.nanoTime();
    System.out.printf("planner, 1000-replica Parallel set: steady %.2f ms/plan, create-all %.2f ms/plan%n",
        (t1 - t0) / 10 / 1e6, (t2 - t1) / 10 / 1e6);
    assertThat(steadyPlan.actions()).isEmpty();
    assertThat(createPlan.actions()).hasSize(1000);
  }
}
