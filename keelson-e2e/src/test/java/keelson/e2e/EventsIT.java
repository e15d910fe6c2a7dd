package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events as the components record them and as kubectl reads them: the core/v1 fields and their
 * events.k8s.io/v1 view, the field selectors {@code kubectl describe} and users use, repeats counted
 * on one event, and {@code kubectl get events} / {@code kubectl events} output.
 */
class EventsIT extends ClusterScenarios {

  private String startedPod(String ns) {
    apply(ns, """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers: [{name: c, image: nginx:1.16}]
        """);
    eventually().until(() -> !kubectl.run("get", "-n", ns, "events", "--field-selector",
        "involvedObject.name=web,reason=Started", "-o", "name").stdout().isBlank());
    return kubectl.run("get", "-n", ns, "pod", "web", "-o", "jsonpath={.metadata.uid} {.spec.nodeName}").ok();
  }

  private List<String> reasons(String ns, String selector) {
    List<String> reasons = new ArrayList<>();
    for (JsonNode event : json(ns, "events", "--field-selector", selector).path("items")) {
      reasons.add(event.path("reason").asText());
    }
    reasons.sort(null);
    return reasons;
  }

  @Test
  void podEventsCarryKubeletAndSchedulerSourcesAndAnswerInvolvedObjectSelectors() {
    String ns = namespace();
    String[] uidAndNode = startedPod(ns).split(" ");
    String uid = uidAndNode[0];
    String node = uidAndNode[1];

    JsonNode started = json(ns, "events", "--field-selector", "involvedObject.kind=Pod,reason=Started").path("items").get(0);
    assertThat(started.at("/involvedObject/name").asText()).isEqualTo("web");
    assertThat(started.at("/involvedObject/uid").asText()).isEqualTo(uid);
    assertThat(started.at("/involvedObject/fieldPath").asText()).isEqualTo("spec.containers{c}");
    assertThat(started.at("/source/component").asText()).isEqualTo("kubelet");
    assertThat(started.at("/source/host").asText()).isEqualTo(node);
    assertThat(started.path("reportingComponent").asText()).isEqualTo("kubelet");
    assertThat(started.path("reportingInstance").asText()).isEqualTo(node);
    assertThat(started.path("count").asInt()).isEqualTo(1);
    assertThat(started.path("message").asText()).isEqualTo("Started container c");
    assertThat(started.path("firstTimestamp").asText()).isEqualTo(started.path("lastTimestamp").asText()).isNotEmpty();

    assertThat(reasons(ns, "involvedObject.uid=" + uid)).containsExactly("Created", "Pulled", "Scheduled", "Started");
    assertThat(reasons(ns, "involvedObject.fieldPath=spec.containers{c}")).containsExactly("Created", "Pulled", "Started");
    assertThat(reasons(ns, "source=default-scheduler,type=Normal")).containsExactly("Scheduled");
    assertThat(reasons(ns, "involvedObject.namespace=" + ns + ",involvedObject.name=web,reason!=Pulled"))
        .containsExactly("Created", "Scheduled", "Started");
    assertThat(reasons(ns, "type=Warning")).isEmpty();

    Kubectl.Result unsupported = kubectl.run("get", "-n", ns, "events", "--field-selector", "involvedObject.color=red");
    assertThat(unsupported.exitCode()).isNotZero();
    assertThat(unsupported.stderr()).contains("field label not supported: involvedObject.color");
  }

  @Test
  void theSameEventsReadThroughEventsK8sIoV1() throws IOException {
    String ns = namespace();
    String uid = startedPod(ns).split(" ")[0];
    JsonNode list = json(ns, "events.v1.events.k8s.io", "--field-selector", "reason=Started");
    assertThat(list.at("/items/0/apiVersion").asText()).isEqualTo("events.k8s.io/v1");
    JsonNode event = list.path("items").get(0);
    assertThat(event.at("/regarding/name").asText()).isEqualTo("web");
    assertThat(event.at("/regarding/fieldPath").asText()).isEqualTo("spec.containers{c}");
    assertThat(event.path("note").asText()).isEqualTo("Started container c");
    assertThat(event.path("reportingController").asText()).isEqualTo("kubelet");
    assertThat(event.at("/deprecatedSource/component").asText()).isEqualTo("kubelet");
    assertThat(event.path("deprecatedCount").asInt()).isEqualTo(1);
    assertThat(event.has("involvedObject") || event.has("message")).isFalse();

    // An event written through events.k8s.io, as a new-style recorder writes it, read back through core/v1.
    kubectl.run(Map.of(), """
        apiVersion: events.k8s.io/v1
        kind: Event
        metadata: {name: web.series}
        eventTime: "2026-01-01T00:00:00.000000Z"
        series: {count: 4, lastObservedTime: "2026-01-01T00:03:00.000000Z"}
        reportingController: example.com/prober
        reportingInstance: prober-1
        action: Probing
        reason: ProbeWarning
        note: slow answer
        type: Warning
        regarding: {apiVersion: v1, kind: Pod, name: web, namespace: %s, uid: %s}
        """.formatted(ns, uid), "create", "-n", ns, "-f", "-").ok();
    JsonNode core = JSON.readTree(k(ns, "get", "event", "web.series", "-o", "json"));
    assertThat(core.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(core.at("/involvedObject/name").asText()).isEqualTo("web");
    assertThat(core.path("message").asText()).isEqualTo("slow answer");
    assertThat(core.path("reportingComponent").asText()).isEqualTo("example.com/prober");
    assertThat(core.at("/series/count").asInt()).isEqualTo(4);
    assertThat(reasons(ns, "type=Warning,reportingComponent=example.com/prober")).containsExactly("ProbeWarning");
    // describe finds it by the pod's uid, and shows the series' count.
    assertThat(k(ns, "describe", "pod", "web")).containsPattern(
        "Warning\\s+ProbeWarning\\s+\\S+ \\(x4 over \\S+\\)\\s+example.com/prober\\s+slow answer");
    Kubectl.Result missing = kubectl.run("get", "-n", ns, "events.v1.events.k8s.io", "nosuch");
    assertThat(missing.stderr()).contains("Error from server (NotFound): events.events.k8s.io \"nosuch\" not found");
    assertThat(kubectl.run("get", "-n", ns, "events", "nosuch").stderr())
        .contains("Error from server (NotFound): events \"nosuch\" not found");
    // A patch written in the events.k8s.io form lands in the stored core fields.
    k(ns, "patch", "events.v1.events.k8s.io", "web.series", "--type=merge", "-p", "{\"note\":\"slower answer\"}");
    assertThat(k(ns, "get", "event", "web.series", "-o", "jsonpath={.message}")).isEqualTo("slower answer");
  }

  @Test
  void repeatedEventsAreCountedOnOneEvent() {
    String ns = namespace();
    apply(ns, """
        apiVersion: v1
        kind: Pod
        metadata: {name: stuck}
        spec:
          nodeSelector: {keelson.dev/nowhere: "true"}
          containers: [{name: c, image: nginx:1.16}]
        """);
    eventually().until(() -> !reasons(ns, "involvedObject.name=stuck,reason=FailedScheduling").isEmpty());
    // Any node change sends unschedulable pods back to the scheduler, which fails them again.
    eventually().until(() -> {
      kubectl.run("label", "node", "keelson-node-1", "keelson.dev/touched=" + System.nanoTime(), "--overwrite").ok();
      JsonNode items = json(ns, "events", "--field-selector", "involvedObject.name=stuck,reason=FailedScheduling")
          .path("items");
      return items.size() == 1 && items.get(0).path("count").asInt() >= 2;
    });
    kubectl.run("label", "node", "keelson-node-1", "keelson.dev/touched-").ok();
    assertThat(k(ns, "describe", "pod", "stuck")).containsPattern(
        "Warning\\s+FailedScheduling\\s+\\S+ \\(x\\d+ over \\S+\\)\\s+default-scheduler\\s+0/3 nodes are available: "
            + "3 node\\(s\\) didn't match Pod's node affinity/selector\\.");
  }

  @Test
  void aGracefullyDeletedPodsContainersAreKilled() {
    String ns = namespace();
    startedPod(ns);
    k(ns, "delete", "pod", "web", "--wait=false");
    eventually().until(() -> reasons(ns, "involvedObject.name=web").contains("Killing"));
    JsonNode killing = json(ns, "events", "--field-selector", "reason=Killing").path("items").get(0);
    assertThat(killing.path("message").asText()).isEqualTo("Stopping container c");
    assertThat(killing.at("/involvedObject/fieldPath").asText()).isEqualTo("spec.containers{c}");
    assertThat(killing.at("/source/component").asText()).isEqualTo("kubelet");
  }

  @Test
  void getEventsAndKubectlEventsPrintTheirTables() {
    String ns = namespace();
    startedPod(ns);
    String get = k(ns, "get", "events", "--field-selector", "involvedObject.name=web");
    assertThat(get.lines().findFirst().orElseThrow()).matches("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
    assertThat(get).containsPattern("\\S+\\s+Normal\\s+Started\\s+pod/web\\s+Started container c");
    String wide = k(ns, "get", "events", "-o", "wide", "--field-selector", "reason=Started");
    assertThat(wide.lines().findFirst().orElseThrow()).matches(
        "LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+SUBOBJECT\\s+SOURCE\\s+MESSAGE\\s+FIRST SEEN\\s+COUNT\\s+NAME");
    assertThat(wide).containsPattern("Started\\s+pod/web\\s+spec.containers\\{c\\}\\s+kubelet, keelson-node-\\d\\s+"
        + "Started container c\\s+\\S+\\s+1\\s+web\\.[0-9a-f]+");
    String events = k(ns, "events", "--for", "pod/web");
    assertThat(events.lines().findFirst().orElseThrow()).matches("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
    assertThat(events).containsPattern("Normal\\s+Scheduled\\s+Pod/web\\s+Successfully assigned " + ns
        + "/web to keelson-node-\\d");
    assertThat(events).containsPattern("Normal\\s+Started\\s+Pod/web\\s+Started container c");
  }
}
