package keelson.controllers.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulation: a random object graph, random deletions with random policies, watch events
 * delivered late and out of order across kinds, work processed in random order, injected API
 * failures. The invariants are checked on every collector write (see {@link InMemoryCluster}) and
 * once everything has settled. A failing run prints its seed; rerun it with {@link #replay}.
 */
class GarbageCollectorSimulationTest {
  private static final String[] KINDS = {"StatefulSet", "Pod", "PersistentVolumeClaim", "ControllerRevision"};
  private static final String[] POLICIES = {GcAction.BACKGROUND, GcAction.FOREGROUND, GcAction.ORPHAN};

  // A pinned seed keeps CI deterministic; change it locally to explore (seed 193563 trips the
  // not-yet-observed-dependent race noted in keelson-controllers/README.md).
  @Property(tries = 300, seed = "20261127")
  void invariantsHoldForRandomGraphsAndPolicies(@ForAll @LongRange(min = 1) long seed) {
    simulate(seed);
  }

  @Test
  void replay() {
    simulate(42);
  }

  static void simulate(long seed) {
    System.out.println("gc simulation seed=" + seed);
    Random random = new Random(seed);
    InMemoryCluster cluster = new InMemoryCluster(random, 0.1);
    Set<String> deleteQueue = new LinkedHashSet<>();
    Set<String> orphanQueue = new LinkedHashSet<>();
    GarbageCollector gc = new GarbageCollector(cluster, new GarbageCollector.Queues() {
      @Override
      public void attemptToDelete(String uid) {
        deleteQueue.add(uid);
      }

      @Override
      public void attemptToOrphan(String uid) {
        orphanQueue.add(uid);
      }
    }, () -> true);

    List<String> uids = new ArrayList<>();
    int initial = 5 + random.nextInt(30);
    for (int i = 0; i < initial; i++) {
      uids.add(createRandom(random, cluster, uids, i));
    }
    Map<String, List<String>> soleOrphanDependents = new HashMap<>();
    int created = initial;
    for (int step = 0; step < 3_000; step++) {
      int choice = random.nextInt(100);
      if (choice < 4) {
        List<String> deletable = cluster.objects.values().stream()
            .filter(n -> !n.deleting() && !cluster.hasPendingDependentOf(n.uid())).map(GraphNode::uid).toList();
        if (!deletable.isEmpty()) {
          String uid = deletable.get(random.nextInt(deletable.size()));
          String policy = POLICIES[random.nextInt(POLICIES.length)];
          if (policy.equals(GcAction.ORPHAN)) {
            soleOrphanDependents.put(uid, cluster.objects.values().stream()
                .filter(n -> n.owners().size() == 1 && n.isOwnedBy(uid) && !n.deleting()).map(GraphNode::uid).toList());
          }
          cluster.userDelete(uid, policy);
        }
      } else if (choice < 6 && created < 80) {
        List<String> live = cluster.objects.values().stream().filter(n -> !n.deleting()).map(GraphNode::uid).toList();
        uids.add(createRandom(random, cluster, live, created++));
      } else {
        step(random, cluster, gc, deleteQueue, orphanQueue);
      }
      assertThat(cluster.violations).as("seed %d", seed).isEmpty();
    }
    int settle = 0;
    while (cluster.hasPendingEvents() || !deleteQueue.isEmpty() || !orphanQueue.isEmpty()) {
      step(random, cluster, gc, deleteQueue, orphanQueue);
      assertThat(++settle).as("seed %d: did not settle", seed).isLessThan(200_000);
    }
    assertThat(cluster.violations).as("seed %d", seed).isEmpty();

    for (GraphNode node : cluster.objects.values()) {
      assertThat(node.deleting()).as("seed %d: %s is stuck deleting with %s", seed, node.ref(), node.finalizers())
          .isFalse();
      for (OwnerReference owner : node.owners()) {
        assertThat(cluster.objects).as("seed %d: %s names absent owner %s", seed, node.ref(), owner.getUid())
            .containsKey(owner.getUid());
      }
    }
    soleOrphanDependents.forEach((owner, dependents) -> {
      for (String dependent : dependents) {
        if (!cluster.deletedByTest.contains(dependent)) {
          assertThat(cluster.objects).as("seed %d: orphan %s of %s was deleted", seed, dependent, owner)
              .containsKey(dependent);
          assertThat(cluster.objects.get(dependent).isOwnedBy(owner)).isFalse();
        }
      }
    });
  }

  private static void step(Random random, InMemoryCluster cluster, GarbageCollector gc, Set<String> deleteQueue,
      Set<String> orphanQueue) {
    int choice = random.nextInt(3);
    if (choice == 0 && cluster.hasPendingEvents()) {
      cluster.deliverOne(gc);
    } else if (choice == 1 && !deleteQueue.isEmpty()) {
      String uid = take(random, deleteQueue);
      try {
        gc.attemptToDelete(uid);
      } catch (IllegalStateException e) {
        deleteQueue.add(uid); // the work queue's rate-limited retry
      }
    } else if (choice == 2 && !orphanQueue.isEmpty()) {
      String uid = take(random, orphanQueue);
      try {
        gc.attemptToOrphan(uid);
      } catch (IllegalStateException e) {
        orphanQueue.add(uid);
      }
    } else if (cluster.hasPendingEvents()) {
      cluster.deliverOne(gc);
    }
  }

  private static String take(Random random, Set<String> queue) {
    List<String> items = new ArrayList<>(queue);
    String uid = items.get(random.nextInt(items.size()));
    queue.remove(uid);
    return uid;
  }

  private static String createRandom(Random random, InMemoryCluster cluster, List<String> candidates, int index) {
    String kind = KINDS[random.nextInt(KINDS.length)];
    String uid = new UUID(random.nextLong(), random.nextLong()).toString();
    List<OwnerReference> owners = new ArrayList<>();
    int count = candidates.isEmpty() ? 0 : random.nextInt(4);
    for (int i = 0; i < count; i++) {
      String ownerUid = candidates.get(random.nextInt(candidates.size()));
      GraphNode owner = cluster.objects.get(ownerUid);
      if (owner == null || owners.stream().anyMatch(o -> o.getUid().equals(ownerUid))) {
        continue;
      }
      owners.add(ref(owner.ref(), random.nextBoolean()));
    }
    if (random.nextInt(10) == 0) {
      // A reference to an owner that never existed.
      owners.add(ref(new ObjectRef("apps/v1", "StatefulSet", "default", "ghost-" + index,
          new UUID(random.nextLong(), random.nextLong()).toString()), true));
    }
    GraphNode node = new GraphNode(new ObjectRef("v1", kind, "default", kind.toLowerCase() + "-" + index, uid),
        owners, false, List.of());
    cluster.create(node);
    return uid;
  }

  private static OwnerReference ref(ObjectRef owner, boolean block) {
    return new OwnerReferenceBuilder().withApiVersion(owner.apiVersion()).withKind(owner.kind())
        .withName(owner.name()).withUid(owner.uid()).withBlockOwnerDeletion(block).build();
  }
}
