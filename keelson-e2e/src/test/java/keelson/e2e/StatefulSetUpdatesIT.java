package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * §9 scenarios 23–29 with the real kubectl: rolling updates from the highest ordinal down,
 * partitions, OnDelete, rollback to an earlier ControllerRevision, and the rollout/table surface.
 */
class StatefulSetUpdatesIT extends ClusterScenarios {
  private static final String OLD = "registry.k8s.io/nginx-slim:0.24";
  private static final String NEW = "registry.k8s.io/nginx-slim:0.25";

  /** The pod's image, or "" while it does not exist (between a deletion and its re-creation). */
  private String image(String ns, String pod) {
    Kubectl.Result result = kubectl.run("-n", ns, "get", "pod", pod, "-o", "jsonpath={.spec.containers[0].image}");
    return result.exitCode() == 0 ? result.stdout() : "";
  }

  private List<String> images(String ns) {
    return List.of(k(ns, "get", "pods", "-l", "app=nginx", "-o", "jsonpath={.items[*].spec.containers[0].image}")
        .split(" "));
  }

  private JsonNode status(String ns) {
    return json(ns, "sts", "web").path("status");
  }

  private static Predicate<JsonNode> terminating(String pod) {
    return e -> name(e.path("object")).equals(pod) && e.path("object").path("metadata").has("deletionTimestamp");
  }

  private static Predicate<JsonNode> healthyWith(String pod, String image) {
    return e -> name(e.path("object")).equals(pod) && healthy(e.path("object"))
        && e.path("object").path("spec").path("containers").path(0).path("image").asText().equals(image);
  }

  @Test
  void rollingUpdateReplacesPodsFromTheHighestOrdinalDown() {
    String ns = namespace();
    sentinelPod(ns);
    apply(ns, new Sts().noClaims().grace(1).annotations("{keelson.dev/termination: ignore-sigterm}").yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    String revisionA = status(ns).path("currentRevision").asText();
    assertThat(status(ns).path("updateRevision").asText()).isEqualTo(revisionA);

    try (Events events = watchEvents(ns, "pods")) {
      events.await(named("sentinel"));
      assertThat(k(ns, "set", "image", "sts/web", "nginx=" + NEW)).isEqualTo("statefulset.apps/web image updated\n");
      eventually().until(() -> !status(ns).path("updateRevision").asText().equals(revisionA));
      JsonNode during = status(ns);
      assertThat(during.path("currentRevision").asText()).isEqualTo(revisionA);

      Kubectl.Result rollout = kubectl.run("-n", ns, "rollout", "status", "sts/web", "--timeout=60s");
      assertThat(rollout.ok().lines().toList().getLast())
          .isEqualTo("partitioned roll out complete: 3 new pods have been updated...");

      int previous = -1;
      for (String pod : List.of("web-2", "web-1", "web-0")) {
        int deleted = events.indexOf(terminating(pod));
        int ready = events.indexOf(healthyWith(pod, NEW));
        assertThat(deleted).as(pod + " replaced after the previous replacement is Ready").isGreaterThan(previous);
        assertThat(ready).isGreaterThan(deleted);
        previous = ready;
      }
    }
    eventually().until(() -> status(ns).path("currentRevision").asText()
        .equals(status(ns).path("updateRevision").asText()));
    JsonNode done = status(ns);
    assertThat(done.path("currentRevision").asText()).isNotEqualTo(revisionA);
    assertThat(done.path("currentReplicas").asInt()).isEqualTo(3);
    assertThat(done.path("updatedReplicas").asInt()).isEqualTo(3);
    assertThat(images(ns)).containsOnly(NEW);

    // Scenario 29: the wide table.
    String wide = k(ns, "get", "sts", "web", "-o", "wide");
    assertHeader(wide, "NAME", "READY", "AGE", "CONTAINERS", "IMAGES");
    assertThat(wide).containsPattern("web\\s+3/3\\s+\\d+s\\s+nginx\\s+" + NEW.replace(".", "\\.") + "\n");
  }

  @Test
  void aPartitionKeepsLowerOrdinalsAtTheCurrentRevision() {
    String ns = namespace();
    apply(ns, new Sts().noClaims().updateStrategy("{type: RollingUpdate, rollingUpdate: {partition: 2}}").yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    k(ns, "set", "image", "sts/web", "nginx=" + NEW);
    assertThat(kubectl.run("-n", ns, "rollout", "status", "sts/web", "--timeout=60s").ok().lines().toList().getLast())
        .isEqualTo("partitioned roll out complete: 1 new pods have been updated...");
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2") && image(ns, "web-2").equals(NEW));
    assertThat(image(ns, "web-1")).isEqualTo(OLD);
    assertThat(image(ns, "web-0")).isEqualTo(OLD);

    String uid = k(ns, "get", "pod", "web-1", "-o", "jsonpath={.metadata.uid}");
    k(ns, "delete", "pod", "web-1", "--wait=false");
    eventually().until(() -> allHealthy(ns, "web-1")
        && !k(ns, "get", "pod", "web-1", "-o", "jsonpath={.metadata.uid}").equals(uid));
    assertThat(image(ns, "web-1")).as("a pod below the partition comes back at the current revision").isEqualTo(OLD);

    k(ns, "patch", "sts", "web", "-p", "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}");
    eventually().until(() -> images(ns).equals(List.of(NEW, NEW, NEW)) && allHealthy(ns, "web-0", "web-1", "web-2"));
    assertThat(kubectl.run("-n", ns, "rollout", "status", "sts/web", "--timeout=60s").ok().lines().toList().getLast())
        .isEqualTo("partitioned roll out complete: 3 new pods have been updated...");
  }

  @Test
  void onDeleteReplacesOnlyPodsThatAreDeletedAndKeepsTheCurrentRevision() {
    String ns = namespace();
    apply(ns, new Sts().noClaims().updateStrategy("{type: OnDelete}").yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    String revisionA = status(ns).path("currentRevision").asText();
    k(ns, "set", "image", "sts/web", "nginx=" + NEW);
    eventually().until(() -> !status(ns).path("updateRevision").asText().equals(revisionA));
    Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
        .until(() -> images(ns).equals(List.of(OLD, OLD, OLD)));

    Kubectl.Result rollout = kubectl.run("-n", ns, "rollout", "status", "sts/web");
    assertThat(rollout.exitCode()).isNotZero();
    assertThat(rollout.stderr()).isEqualTo("error: rollout status is only available for RollingUpdate strategy type\n");

    k(ns, "delete", "pod", "web-1", "--wait=false");
    eventually().until(() -> allHealthy(ns, "web-1") && image(ns, "web-1").equals(NEW));
    assertThat(image(ns, "web-0")).isEqualTo(OLD);
    assertThat(image(ns, "web-2")).isEqualTo(OLD);

    k(ns, "delete", "pod", "web-0", "web-2", "--wait=false");
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2") && images(ns).equals(List.of(NEW, NEW, NEW))
        && status(ns).path("updatedReplicas").asInt() == 3);
    JsonNode after = status(ns);
    assertThat(after.path("currentRevision").asText()).as("1.30-1.32 never advance currentRevision under OnDelete")
        .isEqualTo(revisionA);
    assertThat(after.path("updateRevision").asText()).isNotEqualTo(revisionA);
    assertThat(after.path("currentReplicas").asInt(0)).isZero();
  }

  @Test
  void aRollbackReusesTheEarlierControllerRevision() {
    String ns = namespace();
    apply(ns, new Sts().noClaims().replicas(2).yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1"));
    String revisionA = status(ns).path("currentRevision").asText();
    apply(ns, new Sts().noClaims().replicas(2).image(NEW).yaml());
    eventually().until(() -> images(ns).equals(List.of(NEW, NEW)) && allHealthy(ns, "web-0", "web-1"));
    apply(ns, new Sts().noClaims().replicas(2).yaml());
    eventually().until(() -> images(ns).equals(List.of(OLD, OLD)) && allHealthy(ns, "web-0", "web-1")
        && status(ns).path("currentRevision").asText().equals(revisionA));

    List<String> revisions = new ArrayList<>();
    long highest = 0;
    String highestName = null;
    for (JsonNode revision : json(ns, "controllerrevisions").path("items")) {
      revisions.add(name(revision));
      if (revision.path("revision").asLong() > highest) {
        highest = revision.path("revision").asLong();
        highestName = name(revision);
      }
    }
    assertThat(revisions).as("no third revision object").hasSize(2).contains(revisionA);
    assertThat(highestName).isEqualTo(revisionA);
    assertThat(highest).isEqualTo(3);
    assertThat(status(ns).path("updateRevision").asText()).isEqualTo(revisionA);
    String table = k(ns, "get", "controllerrevisions");
    assertHeader(table, "NAME", "CONTROLLER", "REVISION", "AGE");
    assertThat(table).containsPattern(revisionA + "\\s+statefulset.apps/web\\s+3\\s+");
  }

  @Test
  void aBrokenRolloutWaitsUntilTheBrokenPodIsDeletedByHand() {
    String ns = namespace();
    apply(ns, new Sts().noClaims().yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    apply(ns, new Sts().noClaims().image(NEW).annotations("{keelson.dev/ready: \"false\"}").yaml());
    eventually().until(() -> image(ns, "web-2").equals(NEW)
        && "Running".equals(json(ns, "pod", "web-2").path("status").path("phase").asText()));
    apply(ns, new Sts().noClaims().yaml());
    Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
        .until(() -> image(ns, "web-2").equals(NEW) && image(ns, "web-1").equals(OLD) && !allHealthy(ns, "web-2"));
    k(ns, "delete", "pod", "web-2", "--wait=false");
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2") && images(ns).equals(List.of(OLD, OLD, OLD)));
  }
}
