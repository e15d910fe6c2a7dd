package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * §9 scenarios 30–39 with the real kubectl: one daemon pod per node, how node labels, cordons,
 * taints, new and deleted nodes change that, and the update strategies. The fixture has three
 * untainted nodes, so "2 workers" of the kind fixture read as 3 nodes here. Tests that change nodes
 * undo their changes and delete their DaemonSet at the end.
 */
class DaemonSetIT extends ClusterScenarios {
  private static final List<String> NODES = List.of("keelson-node-1", "keelson-node-2", "keelson-node-3");
  private static final String OLD = "fluentd:v1";
  private static final String NEW = "fluentd:v2";

  private static String daemonSet(String image, String specExtra, String podSpecExtra) {
    return """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: fluentd
        spec:
          selector:
            matchLabels: {app: fluentd}
        %s  template:
            metadata:
              labels: {app: fluentd}
            spec:
              terminationGracePeriodSeconds: 1
        %s      containers:
              - name: fluentd
                image: %s
        """.formatted(specExtra, podSpecExtra, image);
  }

  /** node name -> pod names of the DaemonSet on it (by nodeName or the matchFields term). */
  private Map<String, List<String>> podsByNode(String ns) {
    Map<String, List<String>> byNode = new HashMap<>();
    for (JsonNode pod : json(ns, "pods", "-l", "app=fluentd").path("items")) {
      byNode.computeIfAbsent(targetNode(pod), n -> new ArrayList<>()).add(name(pod));
    }
    return byNode;
  }

  private static String targetNode(JsonNode pod) {
    String node = pod.path("spec").path("nodeName").asText();
    if (!node.isEmpty()) {
      return node;
    }
    return pod.path("spec").path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")
        .path("nodeSelectorTerms").path(0).path("matchFields").path(0).path("values").path(0).asText();
  }

  private boolean allPodsHealthy(String ns, int count) {
    JsonNode items = json(ns, "pods", "-l", "app=fluentd").path("items");
    if (items.size() != count) {
      return false;
    }
    for (JsonNode pod : items) {
      if (!healthy(pod)) {
        return false;
      }
    }
    return true;
  }

  private JsonNode status(String ns) {
    return json(ns, "ds", "fluentd").path("status");
  }

  private String row(String ns) {
    return k(ns, "get", "ds", "fluentd").lines().skip(1).findFirst().orElse("");
  }

  @Test
  void oneDaemonPodPerNodeWithAutomaticTolerationsAndANodeAffinityTerm() {
    String ns = namespace();
    sentinelPod(ns);
    try (Events events = watchEvents(ns, "pods")) {
      events.await(named("sentinel"));
      assertThat(apply(ns, daemonSet(OLD, "", ""))).isEqualTo("daemonset.apps/fluentd created\n");
      eventually().until(() -> allPodsHealthy(ns, 3));
      for (JsonNode event : events.snapshot()) {
        if (event.path("type").asText().equals("ADDED") && name(event.path("object")).startsWith("fluentd-")) {
          assertThat(event.path("object").path("spec").has("nodeName")).as("created without nodeName").isFalse();
        }
      }
    }
    eventually().until(() -> row(ns).matches("fluentd\\s+3\\s+3\\s+3\\s+3\\s+3\\s+<none>\\s+\\d+s"));
    assertHeader(k(ns, "get", "ds"), "NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE");
    assertThat(podsByNode(ns).keySet()).containsExactlyInAnyOrderElementsOf(NODES);

    String dsUid = k(ns, "get", "ds", "fluentd", "-o", "jsonpath={.metadata.uid}");
    for (JsonNode pod : json(ns, "pods", "-l", "app=fluentd").path("items")) {
      assertThat(name(pod)).matches("fluentd-[bcdfghjklmnpqrstvwxz2456789]{5}");
      assertThat(pod.path("metadata").path("generateName").asText()).isEqualTo("fluentd-");
      JsonNode terms = pod.path("spec").path("affinity").path("nodeAffinity")
          .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
      assertThat(terms.size()).isEqualTo(1);
      JsonNode field = terms.path(0).path("matchFields").path(0);
      assertThat(field.path("key").asText()).isEqualTo("metadata.name");
      assertThat(field.path("operator").asText()).isEqualTo("In");
      assertThat(field.path("values").toString()).isEqualTo("[\"" + pod.path("spec").path("nodeName").asText() + "\"]");
      List<String> tolerations = new ArrayList<>();
      for (JsonNode t : pod.path("spec").path("tolerations")) {
        assertThat(t.has("tolerationSeconds")).as("no tolerationSeconds: " + t).isFalse();
        tolerations.add(t.path("key").asText() + ":" + t.path("operator").asText() + ":" + t.path("effect").asText());
      }
      assertThat(tolerations).containsExactlyInAnyOrder(
          "node.kubernetes.io/not-ready:Exists:NoExecute",
          "node.kubernetes.io/unreachable:Exists:NoExecute",
          "node.kubernetes.io/disk-pressure:Exists:NoSchedule",
          "node.kubernetes.io/memory-pressure:Exists:NoSchedule",
          "node.kubernetes.io/pid-pressure:Exists:NoSchedule",
          "node.kubernetes.io/unschedulable:Exists:NoSchedule");
      JsonNode labels = pod.path("metadata").path("labels");
      assertThat(labels.path("controller-revision-hash").asText()).matches("[bcdfghjklmnpqrstvwxz2456789]+");
      assertThat(labels.path("pod-template-generation").asText()).isEqualTo("1");
      JsonNode owner = pod.path("metadata").path("ownerReferences").path(0);
      assertThat(pod.path("metadata").path("ownerReferences").size()).isEqualTo(1);
      assertThat(owner.path("kind").asText()).isEqualTo("DaemonSet");
      assertThat(owner.path("uid").asText()).isEqualTo(dsUid);
      assertThat(owner.path("controller").asBoolean()).isTrue();
      assertThat(owner.path("blockOwnerDeletion").asBoolean()).isTrue();
    }
    k(ns, "delete", "ds", "fluentd");
  }

  @Test
  void aNodeSelectorFollowsTheNodesLabels() {
    String ns = namespace();
    apply(ns, daemonSet(OLD, "", "      nodeSelector: {disk: ssd}\n"));
    eventually().until(() -> row(ns).matches("fluentd\\s+0\\s+0\\s+0\\s+0\\s+0\\s+disk=ssd\\s+\\d+s"));
    try {
      assertThat(kubectl.run("label", "node", "keelson-node-2", "disk=ssd").ok()).isEqualTo("node/keelson-node-2 labeled\n");
      eventually().until(() -> allPodsHealthy(ns, 1));
      assertThat(podsByNode(ns).keySet()).containsExactly("keelson-node-2");
      eventually().until(() -> row(ns).matches("fluentd\\s+1\\s+1\\s+1\\s+1\\s+1\\s+disk=ssd\\s+\\d+s"));
    } finally {
      kubectl.run("label", "node", "keelson-node-2", "disk-").ok();
    }
    eventually().until(() -> podNames(ns, "app=fluentd").isEmpty());
    k(ns, "delete", "ds", "fluentd");
  }

  @Test
  void aCordonedNodeKeepsItsDaemonPodAndGetsItBack() {
    String ns = namespace();
    apply(ns, daemonSet(OLD, "", ""));
    eventually().until(() -> allPodsHealthy(ns, 3));
    try {
      assertThat(kubectl.run("cordon", "keelson-node-1").ok()).isEqualTo("node/keelson-node-1 cordoned\n");
      String pod = podsByNode(ns).get("keelson-node-1").getFirst();
      Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
          .until(() -> podsByNode(ns).get("keelson-node-1").equals(List.of(pod)) && allPodsHealthy(ns, 3));
      k(ns, "delete", "pod", pod);
      eventually().until(() -> allPodsHealthy(ns, 3) && podsByNode(ns).get("keelson-node-1") != null
          && !podsByNode(ns).get("keelson-node-1").contains(pod));
    } finally {
      kubectl.run("uncordon", "keelson-node-1").ok();
    }
    k(ns, "delete", "ds", "fluentd");
  }

  @Test
  void aNoScheduleTaintLeavesAMisscheduledPodAndNoExecuteRemovesIt() {
    String ns = namespace();
    apply(ns, daemonSet(OLD, "", ""));
    eventually().until(() -> allPodsHealthy(ns, 3));
    try {
      kubectl.run("taint", "node", "keelson-node-3", "dedicated=infra:NoSchedule").ok();
      eventually().until(() -> status(ns).path("desiredNumberScheduled").asInt() == 2
          && status(ns).path("numberMisscheduled").asInt() == 1);
      assertThat(podsByNode(ns)).containsKey("keelson-node-3");
      assertThat(allPodsHealthy(ns, 3)).isTrue();

      kubectl.run("taint", "node", "keelson-node-3", "dedicated=infra:NoExecute").ok();
      eventually().until(() -> !podsByNode(ns).containsKey("keelson-node-3")
          && status(ns).path("numberMisscheduled").asInt() == 0);
    } finally {
      kubectl.run("taint", "node", "keelson-node-3", "dedicated-");
    }
    eventually().until(() -> allPodsHealthy(ns, 3) && podsByNode(ns).containsKey("keelson-node-3"));
    k(ns, "delete", "ds", "fluentd");
  }

  @Test
  void rollingUpdateKeepsAtMostOneNodeWithoutAnAvailablePod() {
    String ns = namespace();
    apply(ns, daemonSet(OLD, "", ""));
    eventually().until(() -> allPodsHealthy(ns, 3) && status(ns).path("updatedNumberScheduled").asInt() == 3);
    try (Events events = watchEvents(ns, "pods", "-l", "app=fluentd")) {
      eventually().until(() -> events.snapshot().size() >= 3);
      k(ns, "set", "image", "ds/fluentd", "fluentd=" + NEW);
      Kubectl.Result rollout = kubectl.run("-n", ns, "rollout", "status", "ds/fluentd", "--timeout=60s");
      assertThat(rollout.ok().lines().toList().getLast()).isEqualTo("daemon set \"fluentd\" successfully rolled out");
      eventually().until(() -> allPodsHealthy(ns, 3) && k(ns, "get", "pods", "-l", "app=fluentd", "-o",
          "jsonpath={.items[*].spec.containers[0].image}").equals(NEW + " " + NEW + " " + NEW));

      Map<String, JsonNode> live = new HashMap<>();
      int fewest = 3;
      for (JsonNode event : events.snapshot()) {
        JsonNode pod = event.path("object");
        if (event.path("type").asText().equals("DELETED")) {
          live.remove(name(pod));
        } else {
          live.put(name(pod), pod);
        }
        Set<String> served = new HashSet<>();
        for (JsonNode p : live.values()) {
          if (healthy(p)) {
            served.add(p.path("spec").path("nodeName").asText());
          }
        }
        if (events.snapshot().indexOf(event) >= 2) {
          fewest = Math.min(fewest, served.size());
        }
      }
      assertThat(fewest).as("at most one node at a time without an available pod").isEqualTo(2);
    }
    eventually().until(() -> row(ns).matches("fluentd\\s+3\\s+3\\s+3\\s+3\\s+3\\s+<none>\\s+\\d+s"));
    k(ns, "delete", "ds", "fluentd");
  }

  /** Scenario 38: with maxSurge 1 and maxUnavailable 0 the new pod runs beside the old one until available. */
  @Test
  void surgeStartsTheNewPodBesideTheOldOneAndDeletesTheOldOnceTheNewIsAvailable() {
    String ns = namespace();
    String strategy = "  minReadySeconds: 2\n"
        + "  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n";
    apply(ns, daemonSet(OLD, strategy, ""));
    eventually().until(() -> allPodsHealthy(ns, 3) && status(ns).path("numberAvailable").asInt() == 3);
    Map<String, String> oldPodNode = new HashMap<>();
    for (JsonNode pod : json(ns, "pods", "-l", "app=fluentd").path("items")) {
      oldPodNode.put(name(pod), pod.path("spec").path("nodeName").asText());
    }
    try (Events events = watchEvents(ns, "pods", "-l", "app=fluentd")) {
      eventually().until(() -> events.snapshot().size() >= 3);
      k(ns, "set", "image", "ds/fluentd", "fluentd=" + NEW);
      Kubectl.Result rollout = kubectl.run("-n", ns, "rollout", "status", "ds/fluentd", "--timeout=90s");
      assertThat(rollout.ok().lines().toList().getLast()).isEqualTo("daemon set \"fluentd\" successfully rolled out");
      eventually().until(() -> podNames(ns, "app=fluentd").size() == 3 && allPodsHealthy(ns, 3));

      // Replay the watch: every node always keeps a healthy pod.
      Map<String, JsonNode> live = new HashMap<>();
      List<JsonNode> all = events.snapshot();
      for (int i = 0; i < all.size(); i++) {
        JsonNode pod = all.get(i).path("object");
        if (all.get(i).path("type").asText().equals("DELETED")) {
          live.remove(name(pod));
        } else {
          live.put(name(pod), pod);
        }
        Set<String> served = new HashSet<>();
        for (JsonNode p : live.values()) {
          if (healthy(p)) {
            served.add(targetNode(p));
          }
        }
        if (i >= 2) {
          assertThat(served).as("maxUnavailable 0: every node keeps a healthy pod (event %d)", i)
              .containsExactlyInAnyOrderElementsOf(NODES);
        }
      }
      // maxSurge 1: one surge pod at a time. Upstream creates the next one in the same sync that
      // deletes the old pod beside an available new one, so the watch may briefly show two nodes with
      // two pods; what it never shows is a new pod before the previous new pod is Ready.
      List<String> newPods = new ArrayList<>();
      for (JsonNode event : all) {
        if (event.path("type").asText().equals("ADDED") && !oldPodNode.containsKey(name(event.path("object")))) {
          newPods.add(name(event.path("object")));
        }
      }
      assertThat(newPods).hasSize(3);
      for (int i = 1; i < newPods.size(); i++) {
        String previous = newPods.get(i - 1);
        int previousHealthy = events.indexOf(e -> name(e.path("object")).equals(previous) && healthy(e.path("object")));
        assertThat(events.indexOf("ADDED", newPods.get(i))).as("%s only after %s is Ready", newPods.get(i), previous)
            .isGreaterThan(previousHealthy).isGreaterThan(0);
      }

      // Per node: the old pod is deleted only after its replacement has been Ready for minReadySeconds.
      for (JsonNode pod : json(ns, "pods", "-l", "app=fluentd").path("items")) {
        String node = pod.path("spec").path("nodeName").asText();
        String old = oldPodNode.entrySet().stream().filter(e -> e.getValue().equals(node)).findFirst().orElseThrow()
            .getKey();
        int added = events.indexOf("ADDED", name(pod));
        int oldTerminating = events.indexOf(e -> name(e.path("object")).equals(old)
            && e.path("object").path("metadata").has("deletionTimestamp"));
        assertThat(added).as("new pod on %s created while %s still runs", node, old).isBetween(0, oldTerminating);
        JsonNode deleting = all.get(oldTerminating).path("object").path("metadata");
        Instant requested = Instant.parse(deleting.path("deletionTimestamp").asText())
            .minusSeconds(deleting.path("deletionGracePeriodSeconds").asLong());
        assertThat(requested).as("%s deleted once %s was available", old, name(pod))
            .isAfterOrEqualTo(readySince(pod).plusSeconds(2));
      }
    }
    eventually().until(() -> row(ns).matches("fluentd\\s+3\\s+3\\s+3\\s+3\\s+3\\s+<none>\\s+\\d+s"));
    k(ns, "delete", "ds", "fluentd");
  }

  @Test
  void onDeleteLeavesPodsAtTheOldTemplateUntilTheyAreDeleted() {
    String ns = namespace();
    apply(ns, daemonSet(OLD, "  updateStrategy: {type: OnDelete}\n", ""));
    eventually().until(() -> allPodsHealthy(ns, 3));
    k(ns, "set", "image", "ds/fluentd", "fluentd=" + NEW);
    Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
        .until(() -> k(ns, "get", "pods", "-l", "app=fluentd", "-o", "jsonpath={.items[*].spec.containers[0].image}")
            .equals(OLD + " " + OLD + " " + OLD));
    eventually().until(() -> row(ns).matches("fluentd\\s+3\\s+3\\s+3\\s+0\\s+3\\s+<none>\\s+\\d+s"));
    Kubectl.Result rollout = kubectl.run("-n", ns, "rollout", "status", "ds/fluentd");
    assertThat(rollout.exitCode()).isNotZero();
    assertThat(rollout.stderr()).isEqualTo("error: rollout status is only available for RollingUpdate strategy type\n");

    String pod = podsByNode(ns).get("keelson-node-2").getFirst();
    k(ns, "delete", "pod", pod);
    eventually().until(() -> allPodsHealthy(ns, 3)
        && row(ns).matches("fluentd\\s+3\\s+3\\s+3\\s+1\\s+3\\s+<none>\\s+\\d+s"));
    String replacement = podsByNode(ns).get("keelson-node-2").getFirst();
    assertThat(k(ns, "get", "pod", replacement, "-o", "jsonpath={.spec.containers[0].image}")).isEqualTo(NEW);
    k(ns, "delete", "ds", "fluentd");
  }

  @Test
  void aNewNodeGetsItsPodOnceReadyAndADeletedNodesPodIsCollected() {
    String ns = namespace();
    apply(ns, daemonSet(OLD, "", ""));
    eventually().until(() -> allPodsHealthy(ns, 3));
    // Registered as a kubelet registers it: with its (NotReady) status, which keeps the not-ready
    // taint the API server adds to every new Node. (A Node without any condition loses that taint
    // at once to the node lifecycle controller, upstream as here.)
    String node = """
        apiVersion: v1
        kind: Node
        metadata:
          name: extra-node
          labels: {kubernetes.io/hostname: extra-node}
          annotations: {keelson.dev/node-ready: "false"}
        status:
          conditions:
          - {type: Ready, status: "False", reason: KubeletNotReady, message: registering}
        """;
    kubectl.run(Map.of(), node, "apply", "-f", "-").ok();
    try {
      eventually().until(() -> kubectl.run("get", "node", "extra-node", "-o",
          "jsonpath={.spec.taints[*].key}").stdout().contains("node.kubernetes.io/not-ready"));
      Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
          .until(() -> !podsByNode(ns).containsKey("extra-node") && status(ns).path("desiredNumberScheduled").asInt() == 3);

      kubectl.run("annotate", "node", "extra-node", "keelson.dev/node-ready-").ok();
      eventually().until(() -> allPodsHealthy(ns, 4) && podsByNode(ns).containsKey("extra-node")
          && row(ns).matches("fluentd\\s+4\\s+4\\s+4\\s+4\\s+4\\s+<none>\\s+\\d+s"));
      String pod = podsByNode(ns).get("extra-node").getFirst();

      // Scenario 35: DESIRED drops at once; the bound pod goes only with pod GC (>= 40 s), for good.
      long deleted = System.nanoTime();
      kubectl.run("delete", "node", "extra-node").ok();
      eventually().until(() -> status(ns).path("desiredNumberScheduled").asInt() == 3
          && status(ns).path("currentNumberScheduled").asInt() == 3);
      assertThat(podNames(ns, "app=fluentd")).contains(pod);
      Awaitility.await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1))
          .until(() -> !podNames(ns, "app=fluentd").contains(pod));
      assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isGreaterThanOrEqualTo(Duration.ofSeconds(39));
      Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
          .until(() -> podNames(ns, "app=fluentd").size() == 3 && !podsByNode(ns).containsKey("extra-node"));
    } finally {
      kubectl.run("delete", "node", "extra-node", "--ignore-not-found");
    }
    k(ns, "delete", "ds", "fluentd");
  }
}
