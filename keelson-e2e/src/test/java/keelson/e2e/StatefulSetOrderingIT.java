package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * §9 scenarios 2–16 and 69–72 with the real kubectl: the order in which a StatefulSet creates and
 * deletes its pods, what blocks it (readiness, minReadySeconds, terminating pods), how failed pods
 * come back, and the identity a pod carries.
 */
class StatefulSetOrderingIT extends ClusterScenarios {

  private static Predicate<JsonNode> healthyEvent(String pod) {
    return e -> name(e.path("object")).equals(pod) && healthy(e.path("object"));
  }

  private static Predicate<JsonNode> terminatingEvent(String pod) {
    return e -> name(e.path("object")).equals(pod) && e.path("object").path("metadata").has("deletionTimestamp");
  }

  private static void awaitEstablished(Events events) {
    events.await(named("sentinel"));
  }

  @Test
  void orderedReadyCreatesEachOrdinalOnlyAfterThePreviousIsRunningAndReady() {
    String ns = namespace();
    sentinelPod(ns);
    try (Events events = watchEvents(ns, "pods");
        Lines table = watchTable(ns, "pods", "-l", "app=nginx")) {
      awaitEstablished(events);
      assertThat(apply(ns, new Sts().readinessDelay(1).yaml()))
          .isEqualTo("service/nginx created\nstatefulset.apps/web created\n");
      eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));

      for (int i = 1; i <= 2; i++) {
        int added = events.indexOf("ADDED", "web-" + i);
        int previousReady = events.indexOf(healthyEvent("web-" + (i - 1)));
        assertThat(previousReady).as("web-%d Running and Ready", i - 1).isGreaterThanOrEqualTo(0);
        assertThat(added).as("web-%d is created only after web-%d is Running and Ready", i, i - 1)
            .isGreaterThan(previousReady);
      }

      // Scenario 69: the table watch shows Pending -> ContainerCreating -> Running 0/1 -> Running 1/1.
      eventually().until(() -> table.snapshot().stream().anyMatch(l -> l.matches("web-2\\s+1/1\\s+Running\\s+0\\s+.*")));
      List<String> web0 = new ArrayList<>();
      for (String line : table.snapshot()) {
        if (line.startsWith("web-0 ")) {
          String[] cells = line.trim().split("\\s+");
          String state = cells[1] + " " + cells[2] + " " + cells[3];
          if (web0.isEmpty() || !web0.getLast().equals(state)) {
            web0.add(state);
          }
        }
      }
      assertThat(web0).containsSubsequence("0/1 Pending 0", "0/1 ContainerCreating 0", "0/1 Running 0", "1/1 Running 0");
      assertThat(web0.getLast()).isEqualTo("1/1 Running 0");
    }

    // Scenario 70: -o wide columns, pod IP inside its node's pod CIDR.
    String wide = k(ns, "get", "pods", "-l", "app=nginx", "-o", "wide");
    assertHeader(wide, "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES");
    Map<String, String> cidrs = new HashMap<>();
    for (JsonNode node : json(ns, "nodes").path("items")) {
      cidrs.put(name(node), node.path("spec").path("podCIDR").asText());
    }
    assertThat(cidrs).containsEntry("keelson-node-1", "10.244.0.0/24").containsEntry("keelson-node-2", "10.244.1.0/24")
        .containsEntry("keelson-node-3", "10.244.2.0/24");
    for (JsonNode pod : json(ns, "pods", "-l", "app=nginx").path("items")) {
      String cidr = cidrs.get(pod.path("spec").path("nodeName").asText());
      String ip = pod.path("status").path("podIP").asText();
      String prefix = cidr.substring(0, cidr.lastIndexOf('.') + 1);
      assertThat(ip).startsWith(prefix).isNotEqualTo(prefix + "0").isNotEqualTo(prefix + "1");
      assertThat(pod.path("status").path("podIPs").path(0).path("ip").asText()).isEqualTo(ip);
      assertThat(wide).containsPattern(name(pod) + "\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+" + ip.replace(".", "\\.")
          + "\\s+" + pod.path("spec").path("nodeName").asText() + "\\s+<none>\\s+<none>");

      // Scenario 71: the five conditions in kubelet order, all True.
      List<String> conditions = new ArrayList<>();
      for (JsonNode c : pod.path("status").path("conditions")) {
        conditions.add(c.path("type").asText() + "=" + c.path("status").asText());
      }
      assertThat(conditions).containsExactly("PodReadyToStartContainers=True", "Initialized=True", "Ready=True",
          "ContainersReady=True", "PodScheduled=True");
    }
  }

  @Test
  void aPodThatNeverBecomesReadyBlocksHigherOrdinalsAndTheirClaims() {
    String ns = namespace();
    apply(ns, new Sts().annotations("{keelson.dev/ready: \"false\"}").yaml());
    eventually().until(() -> json(ns, "pods", "-l", "app=nginx").path("items").path(0).path("status").path("phase")
        .asText().equals("Running"));
    org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300)).until(() -> podNames(ns, "app=nginx").equals(List.of("web-0")));
    assertThat(k(ns, "get", "pvc", "-o", "jsonpath={.items[*].metadata.name}")).isEqualTo("www-web-0");
    assertThat(k(ns, "get", "sts", "web")).containsPattern("web\\s+0/3\\s+");
  }

  @Test
  void aPodCarriesTheIdentityOfItsOrdinal() {
    String ns = namespace();
    apply(ns, new Sts().replicas(2).yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1"));
    JsonNode set = json(ns, "sts", "web");
    JsonNode pod = json(ns, "pod", "web-0");
    assertThat(pod.path("spec").path("hostname").asText()).isEqualTo("web-0");
    assertThat(pod.path("spec").path("subdomain").asText()).isEqualTo("nginx");
    assertThat(pod.path("metadata").path("generateName").asText()).isEqualTo("web-");
    JsonNode labels = pod.path("metadata").path("labels");
    assertThat(labels.path("app").asText()).isEqualTo("nginx");
    assertThat(labels.path("statefulset.kubernetes.io/pod-name").asText()).isEqualTo("web-0");
    assertThat(labels.path("apps.kubernetes.io/pod-index").asText()).isEqualTo("0");
    assertThat(labels.path("controller-revision-hash").asText())
        .matches("web-[bcdfghjklmnpqrstvwxz2456789]+")
        .isEqualTo(set.path("status").path("currentRevision").asText())
        .isEqualTo(set.path("status").path("updateRevision").asText());
    JsonNode owners = pod.path("metadata").path("ownerReferences");
    assertThat(owners.size()).isEqualTo(1);
    assertThat(owners.path(0).path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(owners.path(0).path("kind").asText()).isEqualTo("StatefulSet");
    assertThat(owners.path(0).path("name").asText()).isEqualTo("web");
    assertThat(owners.path(0).path("uid").asText()).isEqualTo(set.path("metadata").path("uid").asText());
    assertThat(owners.path(0).path("controller").asBoolean()).isTrue();
    assertThat(owners.path(0).path("blockOwnerDeletion").asBoolean()).isTrue();
    JsonNode www = null;
    for (JsonNode volume : pod.path("spec").path("volumes")) {
      if (volume.path("name").asText().equals("www")) {
        www = volume;
      }
    }
    assertThat(www).as("volume www").isNotNull();
    assertThat(www.path("persistentVolumeClaim").path("claimName").asText()).isEqualTo("www-web-0");
  }

  @Test
  void ordinalsStartNamesPodsLabelsAndClaimsFromTheStart() {
    String ns = namespace();
    sentinelPod(ns);
    try (Events events = watchEvents(ns, "pods")) {
      awaitEstablished(events);
      apply(ns, new Sts().ordinalsStart(5).yaml());
      eventually().until(() -> allHealthy(ns, "web-5", "web-6", "web-7"));
      assertThat(events.indexOf("ADDED", "web-6")).isGreaterThan(events.indexOf(healthyEvent("web-5")));
      assertThat(events.indexOf("ADDED", "web-7")).isGreaterThan(events.indexOf(healthyEvent("web-6")));
    }
    assertThat(podNames(ns, "app=nginx")).containsExactly("web-5", "web-6", "web-7");
    assertThat(k(ns, "get", "pods", "-l", "app=nginx", "-o",
        "jsonpath={.items[*].metadata.labels.apps\\.kubernetes\\.io/pod-index}")).isEqualTo("5 6 7");
    assertThat(k(ns, "get", "pvc", "-o", "jsonpath={.items[*].metadata.name}")).isEqualTo("www-web-5 www-web-6 www-web-7");
  }

  @Test
  void parallelCreatesAllMissingPodsWithoutWaitingForReadiness() {
    String ns = namespace();
    apply(ns, new Sts().parallel().replicas(2).noClaims().annotations("{keelson.dev/ready: \"false\"}").yaml());
    eventually().until(() -> podNames(ns, "app=nginx").equals(List.of("web-0", "web-1")));
    assertThat(k(ns, "scale", "sts", "web", "--replicas=5")).isEqualTo("statefulset.apps/web scaled\n");
    eventually().until(() -> podNames(ns, "app=nginx").equals(List.of("web-0", "web-1", "web-2", "web-3", "web-4")));
    assertThat(k(ns, "get", "sts", "web")).containsPattern("web\\s+0/5\\s+");
  }

  @Test
  void orderedScaleDownDeletesTheHighestOrdinalFirstAndWaitsUntilItIsGone() {
    String ns = namespace();
    sentinelPod(ns);
    apply(ns, new Sts().replicas(5).noClaims().grace(2).annotations("{keelson.dev/termination: ignore-sigterm}").yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2", "web-3", "web-4"));
    try (Events events = watchEvents(ns, "pods")) {
      awaitEstablished(events);
      assertThat(k(ns, "patch", "sts", "web", "-p", "{\"spec\":{\"replicas\":3}}"))
          .isEqualTo("statefulset.apps/web patched\n");
      eventually().until(() -> podNames(ns, "app=nginx").equals(List.of("web-0", "web-1", "web-2")));
      eventually().until(() -> k(ns, "get", "sts", "web").matches("(?s).*web\\s+3/3\\s+.*"));
      int web4Terminating = events.indexOf(terminatingEvent("web-4"));
      int web4Gone = events.indexOf("DELETED", "web-4");
      int web3Terminating = events.indexOf(terminatingEvent("web-3"));
      assertThat(web4Terminating).isGreaterThanOrEqualTo(0);
      assertThat(web4Gone).isGreaterThan(web4Terminating);
      assertThat(web3Terminating).as("web-3 is deleted only after web-4 no longer exists").isGreaterThan(web4Gone);
      assertThat(events.indexOf(terminatingEvent("web-2"))).isEqualTo(-1);
    }
  }

  @Test
  void parallelScaleDownDeletesAllCondemnedPodsAtOnce() {
    String ns = namespace();
    sentinelPod(ns);
    apply(ns, new Sts().parallel().replicas(5).noClaims().grace(3)
        .annotations("{keelson.dev/termination: ignore-sigterm}").yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2", "web-3", "web-4"));
    try (Events events = watchEvents(ns, "pods")) {
      awaitEstablished(events);
      k(ns, "scale", "sts", "web", "--replicas=2");
      eventually().until(() -> podNames(ns, "app=nginx").equals(List.of("web-0", "web-1")));
      int firstGone = events.indexOf(e -> e.path("type").asText().equals("DELETED"));
      for (String pod : List.of("web-2", "web-3", "web-4")) {
        assertThat(events.indexOf(terminatingEvent(pod))).as(pod + " terminating before any pod is gone")
            .isBetween(0, firstGone);
      }
    }
  }

  @Test
  void scaleDownWaitsWhileALowerOrdinalIsNotReady() {
    String ns = namespace();
    apply(ns, new Sts().noClaims().yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    k(ns, "annotate", "pod", "web-0", "keelson.dev/ready=false");
    eventually().until(() -> !ready(json(ns, "pod", "web-0")));
    k(ns, "scale", "sts", "web", "--replicas=1");
    org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300)).until(() -> allHealthy(ns, "web-1", "web-2"));
    k(ns, "annotate", "pod", "web-0", "keelson.dev/ready-");
    eventually().until(() -> podNames(ns, "app=nginx").equals(List.of("web-0")));
  }

  @Test
  void deletedPodsComeBackInOrdinalOrderWithTheirClaims() {
    String ns = namespace();
    sentinelPod(ns);
    apply(ns, new Sts().replicas(2).readinessDelay(1).yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1"));
    Map<String, String> uids = new HashMap<>();
    Map<String, String> volumes = new HashMap<>();
    for (JsonNode pod : json(ns, "pods", "-l", "app=nginx").path("items")) {
      uids.put(name(pod), pod.path("metadata").path("uid").asText());
    }
    for (JsonNode claim : json(ns, "pvc").path("items")) {
      volumes.put(name(claim), claim.path("spec").path("volumeName").asText());
    }
    try (Events events = watchEvents(ns, "pods")) {
      awaitEstablished(events);
      assertThat(k(ns, "delete", "pod", "-l", "app=nginx", "--wait=false"))
          .isEqualTo("pod \"web-0\" deleted\npod \"web-1\" deleted\n");
      eventually().until(() -> allHealthy(ns, "web-0", "web-1")
          && !json(ns, "pod", "web-1").path("metadata").path("uid").asText().equals(uids.get("web-1")));
      Predicate<JsonNode> newWeb0 = e -> e.path("type").asText().equals("ADDED") && name(e.path("object")).equals("web-0")
          && !e.path("object").path("metadata").path("uid").asText().equals(uids.get("web-0"));
      Predicate<JsonNode> newWeb1 = e -> e.path("type").asText().equals("ADDED") && name(e.path("object")).equals("web-1")
          && !e.path("object").path("metadata").path("uid").asText().equals(uids.get("web-1"));
      Predicate<JsonNode> newWeb0Healthy = e -> name(e.path("object")).equals("web-0")
          && !e.path("object").path("metadata").path("uid").asText().equals(uids.get("web-0")) && healthy(e.path("object"));
      assertThat(events.indexOf(newWeb0)).isGreaterThanOrEqualTo(0);
      assertThat(events.indexOf(newWeb1)).as("the new web-1 only after the new web-0 is Running and Ready")
          .isGreaterThan(events.indexOf(newWeb0Healthy)).isGreaterThan(events.indexOf(newWeb0));
    }
    for (JsonNode pod : json(ns, "pods", "-l", "app=nginx").path("items")) {
      assertThat(pod.path("metadata").path("uid").asText()).isNotEqualTo(uids.get(name(pod)));
      assertThat(pod.path("spec").path("hostname").asText()).isEqualTo(name(pod));
      boolean mounts = false;
      for (JsonNode volume : pod.path("spec").path("volumes")) {
        mounts |= volume.path("persistentVolumeClaim").path("claimName").asText().equals("www-" + name(pod));
      }
      assertThat(mounts).as(name(pod) + " mounts www-" + name(pod)).isTrue();
    }
    for (JsonNode claim : json(ns, "pvc").path("items")) {
      assertThat(claim.path("spec").path("volumeName").asText()).isEqualTo(volumes.get(name(claim)));
      assertThat(claim.path("status").path("phase").asText()).isEqualTo("Bound");
    }
  }

  @Test
  void aDeletedPodIsTerminatingForItsGracePeriod() {
    String ns = namespace();
    apply(ns, new Sts().replicas(1).noClaims().annotations("{keelson.dev/termination: ignore-sigterm}").yaml());
    eventually().until(() -> allHealthy(ns, "web-0"));
    Instant before = Instant.now();
    assertThat(k(ns, "delete", "pod", "web-0", "--wait=false")).isEqualTo("pod \"web-0\" deleted\n");
    JsonNode pod = json(ns, "pod", "web-0");
    assertThat(pod.path("metadata").path("deletionGracePeriodSeconds").asInt()).isEqualTo(10);
    Instant deadline = Instant.parse(pod.path("metadata").path("deletionTimestamp").asText());
    assertThat(deadline).isBetween(before.plusSeconds(9), Instant.now().plusSeconds(11));
    assertThat(k(ns, "get", "pod", "web-0")).containsPattern("web-0\\s+\\d/1\\s+Terminating\\s+0\\s+");
    kubectl.run("-n", ns, "delete", "pod", "web-0", "--grace-period=0", "--force");
  }

  /** Scenario 3: minReadySeconds holds the next ordinal back; available stays below ready meanwhile. */
  @Test
  void minReadySecondsHoldsTheNextOrdinalAndAvailabilityBackForTheWholeWindow() {
    String ns = namespace();
    sentinelPod(ns);
    record Sample(Instant at, int ready, int available) {}
    List<Sample> samples = new ArrayList<>();
    try (Events events = watchEvents(ns, "pods")) {
      awaitEstablished(events);
      apply(ns, new Sts().replicas(2).noClaims().minReadySeconds(10).yaml());
      eventually().atMost(Duration.ofSeconds(90)).until(() -> {
        JsonNode status = json(ns, "sts", "web").path("status");
        samples.add(new Sample(Instant.now(), status.path("readyReplicas").asInt(), status.path("availableReplicas").asInt()));
        return events.indexOf("ADDED", "web-1") >= 0;
      });
      Instant web0Ready = readySince(json(ns, "pod", "web-0"));
      JsonNode added = events.snapshot().get(events.indexOf("ADDED", "web-1")).path("object");
      Instant web1Created = Instant.parse(added.path("metadata").path("creationTimestamp").asText());
      // Both stamps are whole seconds (truncated), so "not before T+10 s" reads exactly as below.
      assertThat(web1Created).as("web-1 created no earlier than 10 s after web-0 became Ready")
          .isAfterOrEqualTo(web0Ready.plusSeconds(10));
      // Samples taken safely inside the window [T+1 s, T+10 s): web-0 counts as ready, not as available.
      List<Sample> window = samples.stream().filter(x -> !x.at().isBefore(web0Ready.plusSeconds(1))
          && x.at().isBefore(web0Ready.plusSeconds(10))).toList();
      assertThat(window).as("status samples inside the window").isNotEmpty()
          .allSatisfy(x -> assertThat(x.available()).isLessThan(x.ready()));
      eventually().atMost(Duration.ofSeconds(90)).until(() -> {
        JsonNode status = json(ns, "sts", "web").path("status");
        return status.path("readyReplicas").asInt() == 2 && status.path("availableReplicas").asInt() == 2;
      });
    }
  }

  /** Scenario 7: moving ordinals.start from 0 to 1 adds web-3 first and removes web-0 only afterwards. */
  @Test
  void raisingTheStartOrdinalAddsTheNewTopOrdinalBeforeRemovingTheOldBottomOne() {
    String ns = namespace();
    sentinelPod(ns);
    apply(ns, new Sts().noClaims().readinessDelay(2).yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    try (Events events = watchEvents(ns, "pods")) {
      awaitEstablished(events);
      assertThat(k(ns, "patch", "sts", "web", "-p", "{\"spec\":{\"ordinals\":{\"start\":1}}}"))
          .isEqualTo("statefulset.apps/web patched\n");
      eventually().until(() -> podNames(ns, "app=nginx").equals(List.of("web-1", "web-2", "web-3"))
          && allHealthy(ns, "web-1", "web-2", "web-3"));
      int web3Added = events.indexOf("ADDED", "web-3");
      int web3Healthy = events.indexOf(healthyEvent("web-3"));
      int web0Terminating = events.indexOf(terminatingEvent("web-0"));
      assertThat(web3Added).isGreaterThanOrEqualTo(0);
      assertThat(web0Terminating).as("web-0 deleted only after web-1..web-3 are healthy").isGreaterThan(web3Healthy);
      assertThat(events.indexOf(terminatingEvent("web-1"))).isEqualTo(-1);
      assertThat(events.indexOf(terminatingEvent("web-2"))).isEqualTo(-1);
    }
    assertThat(k(ns, "get", "pods", "-l", "app=nginx", "-o",
        "jsonpath={.items[*].metadata.labels.apps\\.kubernetes\\.io/pod-index}")).isEqualTo("1 2 3");
  }

  /** Scenario 13: a scale-up during a pod's grace period waits for that pod's replacement to be Ready. */
  @Test
  void aScaleUpWhileAPodIsTerminatingWaitsForItsReplacementToBeReady() {
    String ns = namespace();
    sentinelPod(ns);
    apply(ns, new Sts().replicas(2).noClaims().readinessDelay(1)
        .annotations("{keelson.dev/termination: ignore-sigterm}").yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1"));
    String oldUid = json(ns, "pod", "web-1").path("metadata").path("uid").asText();
    try (Events events = watchEvents(ns, "pods")) {
      awaitEstablished(events);
      k(ns, "delete", "pod", "web-1", "--wait=false");
      events.await(terminatingEvent("web-1"));
      k(ns, "scale", "sts", "web", "--replicas=3");
      assertThat(json(ns, "pod", "web-1").path("metadata").path("uid").asText())
          .as("still inside web-1's 10 s grace period").isEqualTo(oldUid);
      eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
      Predicate<JsonNode> newWeb1Healthy = e -> healthyEvent("web-1").test(e)
          && !e.path("object").path("metadata").path("uid").asText().equals(oldUid);
      int oldWeb1Gone = events.indexOf("DELETED", "web-1");
      int web2Added = events.indexOf("ADDED", "web-2");
      assertThat(oldWeb1Gone).isGreaterThanOrEqualTo(0);
      assertThat(web2Added).as("web-2 only after the new web-1 is Running and Ready")
          .isGreaterThan(events.indexOf(newWeb1Healthy)).isGreaterThan(oldWeb1Gone);
    }
  }

  /** Scenario 14: a pod that fails for good (here: its active deadline passes) is deleted and recreated. */
  @Test
  void aFailedPodIsDeletedAndRecreatedUnderTheSameName() {
    String ns = namespace();
    sentinelPod(ns);
    apply(ns, new Sts().replicas(2).noClaims().yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1"));
    String oldUid = json(ns, "pod", "web-1").path("metadata").path("uid").asText();
    try (Events events = watchEvents(ns, "pods")) {
      awaitEstablished(events);
      // The kubelet fails a pod whose activeDeadlineSeconds has passed (phase Failed, DeadlineExceeded).
      k(ns, "patch", "pod", "web-1", "-p", "{\"spec\":{\"activeDeadlineSeconds\":1}}");
      eventually().until(() -> allHealthy(ns, "web-0", "web-1")
          && !json(ns, "pod", "web-1").path("metadata").path("uid").asText().equals(oldUid));
      int failed = events.indexOf(e -> name(e.path("object")).equals("web-1")
          && e.path("object").path("status").path("phase").asText().equals("Failed"));
      assertThat(failed).as("web-1 reached phase Failed").isGreaterThanOrEqualTo(0);
      assertThat(events.snapshot().get(failed).path("object").path("status").path("reason").asText())
          .isEqualTo("DeadlineExceeded");
      int recreated = events.indexOf(e -> e.path("type").asText().equals("ADDED") && name(e.path("object")).equals("web-1")
          && !e.path("object").path("metadata").path("uid").asText().equals(oldUid));
      assertThat(recreated).isGreaterThan(events.indexOf("DELETED", "web-1")).isGreaterThan(failed);
    }
    assertThat(json(ns, "pod", "web-1").path("spec").has("activeDeadlineSeconds")).isFalse();
    eventually().until(() -> k(ns, "get", "events", "--field-selector", "reason=RecreatingFailedPod", "-o",
        "jsonpath={.items[*].message}").contains("StatefulSet " + ns + "/web is recreating failed Pod web-1"));
  }

  /** Scenario 15: READY may exceed the desired count while terminating pods are still Ready; it settles. */
  @Test
  void readyTransientlyExceedsTheDesiredCountDuringAScaleDownAndSettles() {
    String ns = namespace();
    apply(ns, new Sts().parallel().replicas(5).noClaims().grace(3)
        .annotations("{keelson.dev/termination: ignore-sigterm}").yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2", "web-3", "web-4")
        && k(ns, "get", "sts", "web").matches("(?s).*web\\s+5/5\\s+.*"));
    k(ns, "scale", "sts", "web", "--replicas=3");
    List<String> seen = new ArrayList<>();
    eventually().until(() -> {
      String ready = k(ns, "get", "sts", "web", "--no-headers").trim().split("\\s+")[1];
      if (seen.isEmpty() || !seen.getLast().equals(ready)) {
        seen.add(ready);
      }
      return ready.equals("3/3") && podNames(ns, "app=nginx").size() == 3;
    });
    assertThat(seen).as("READY column while scaling down").contains("5/3").endsWith("3/3");
  }

  /** Scenario 16: a 60-character name is accepted, but its revision label is too long for any pod. */
  @Test
  void aSixtyCharacterNameIsAcceptedButNoPodCanCarryItsRevisionLabel() {
    String ns = namespace();
    String name = "w".repeat(56) + "-set";
    Sts sts = new Sts().replicas(1).noClaims();
    sts.name = name;
    assertThat(apply(ns, sts.yaml())).contains("statefulset.apps/" + name + " created");
    eventually().until(() -> !k(ns, "get", "events", "--field-selector", "reason=FailedCreate", "-o",
        "jsonpath={.items[*].message}").isBlank());
    String revision = json(ns, "sts", name).path("status").path("updateRevision").asText();
    assertThat(revision).startsWith(name + "-").hasSizeGreaterThan(63);
    String messages = k(ns, "get", "events", "--field-selector", "reason=FailedCreate", "-o",
        "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}");
    assertThat(messages.lines().toList()).isNotEmpty().allSatisfy(m -> assertThat(m)
        .startsWith("create Pod " + name + "-0 in StatefulSet " + name + " failed error: Pod \"" + name + "-0\" is invalid: ")
        .contains("metadata.labels: Invalid value: \"" + revision + "\": must be no more than 63 characters"));
    assertThat(k(ns, "describe", "sts", name)).contains("FailedCreate");
    assertThat(podNames(ns, "app=nginx")).isEmpty();
  }
}
