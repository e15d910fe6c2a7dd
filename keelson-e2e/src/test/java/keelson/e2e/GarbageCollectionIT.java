package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * §9 scenarios 59–61 with the real kubectl: deleting a StatefulSet with background, foreground and
 * orphan propagation. Pods ignore SIGTERM for a short grace period so their termination is visible.
 */
class GarbageCollectionIT extends ClusterScenarios {
  private static final List<String> PODS = List.of("web-0", "web-1", "web-2");

  private static Sts slowToStop() {
    return new Sts().grace(3).annotations("{keelson.dev/termination: ignore-sigterm}");
  }

  @Test
  void backgroundDeletionRemovesThePodsAtOnceAndTheRevisionsButKeepsTheClaims() {
    String ns = namespace();
    apply(ns, slowToStop().yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    assertThat(k(ns, "get", "controllerrevisions", "-o", "name")).isNotBlank();
    try (Events events = watchEvents(ns, "pods", "-l", "app=nginx")) {
      eventually().until(() -> events.snapshot().size() >= 3);
      assertThat(k(ns, "delete", "sts", "web")).isEqualTo("statefulset.apps \"web\" deleted\n");
      assertThat(kubectl.run("-n", ns, "get", "sts", "web").stderr())
          .isEqualTo("Error from server (NotFound): statefulsets.apps \"web\" not found\n");
      eventually().until(() -> podNames(ns, "app=nginx").isEmpty());
      int firstGone = events.indexOf(e -> e.path("type").asText().equals("DELETED"));
      for (String pod : PODS) {
        assertThat(events.indexOf(e -> name(e.path("object")).equals(pod)
            && e.path("object").path("metadata").has("deletionTimestamp")))
            .as(pod + " terminating before any pod is gone").isBetween(0, firstGone);
      }
    }
    eventually().until(() -> k(ns, "get", "controllerrevisions", "-o", "name").isBlank());
    assertThat(k(ns, "get", "pvc", "-o", "jsonpath={.items[*].metadata.name}")).isEqualTo("www-web-0 www-web-1 www-web-2");
    assertThat(k(ns, "get", "svc", "nginx", "-o", "name")).isEqualTo("service/nginx\n");
  }

  @Test
  void foregroundDeletionKeepsTheSetUntilItsPodsAreGone() {
    String ns = namespace();
    apply(ns, slowToStop().noClaims().yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    assertThat(k(ns, "delete", "sts", "web", "--cascade=foreground", "--wait=false"))
        .isEqualTo("statefulset.apps \"web\" deleted\n");
    JsonNode set = json(ns, "sts", "web");
    assertThat(set.path("metadata").has("deletionTimestamp")).isTrue();
    assertThat(set.path("metadata").path("finalizers").toString()).isEqualTo("[\"foregroundDeletion\"]");
    eventually().until(() -> {
      // The set first, then its pods: once the set is gone, its pods must be gone already.
      Kubectl.Result get = kubectl.run("-n", ns, "get", "sts", "web", "-o", "name");
      if (get.exitCode() != 0) {
        assertThat(podNames(ns, "app=nginx")).as("the set is gone only after its pods").isEmpty();
        return true;
      }
      return false;
    });
  }

  @Test
  void orphanedPodsKeepRunningAndAReappliedSetAdoptsThem() {
    String ns = namespace();
    apply(ns, new Sts().noClaims().yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    String web1 = k(ns, "get", "pod", "web-1", "-o", "jsonpath={.metadata.uid}");
    assertThat(k(ns, "delete", "sts", "web", "--cascade=orphan")).isEqualTo("statefulset.apps \"web\" deleted\n");
    eventually().until(() -> json(ns, "pods", "-l", "app=nginx").path("items").findValues("ownerReferences").isEmpty());
    assertThat(allHealthy(ns, "web-0", "web-1", "web-2")).isTrue();

    k(ns, "delete", "pod", "web-0");
    Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
        .until(() -> podNames(ns, "app=nginx").equals(List.of("web-1", "web-2")));

    apply(ns, new Sts().noClaims().replicas(2).yaml());
    eventually().until(() -> podNames(ns, "app=nginx").equals(List.of("web-0", "web-1")) && allHealthy(ns, "web-0", "web-1"));
    String setUid = k(ns, "get", "sts", "web", "-o", "jsonpath={.metadata.uid}");
    JsonNode adopted = json(ns, "pod", "web-1");
    assertThat(adopted.path("metadata").path("uid").asText()).as("web-1 adopted, not recreated").isEqualTo(web1);
    eventually().until(() -> json(ns, "pod", "web-1").path("metadata").path("ownerReferences").path(0).path("uid")
        .asText().equals(setUid));
    assertThat(json(ns, "pod", "web-0").path("metadata").path("ownerReferences").path(0).path("controller").asBoolean())
        .isTrue();
  }
}
