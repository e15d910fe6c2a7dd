package keelson.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.api.schema.ObjectSchema;
import keelson.api.schema.Schemas;
import keelson.api.schema.TwoWayMergePatch;
import org.junit.jupiter.api.Test;

/**
 * The patches {@link TwoWayMergePatch} computes, applied by the server's {@link StrategicMergePatch},
 * give back the object they were computed for: the kubelet's pod status updates depend on it.
 */
class TwoWayMergePatchRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectSchema POD = Schemas.of(BuiltinResources.PODS);

  private static final String PENDING = """
      {"phase":"Pending","qosClass":"BestEffort",
       "conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}""";
  private static final String CREATING = """
      {"phase":"Pending","qosClass":"BestEffort","hostIP":"172.18.0.2","hostIPs":[{"ip":"172.18.0.2"}],
       "startTime":"2026-01-01T00:00:01Z",
       "conditions":[
         {"type":"PodReadyToStartContainers","status":"False","lastTransitionTime":"2026-01-01T00:00:01Z"},
         {"type":"Initialized","status":"True","lastTransitionTime":"2026-01-01T00:00:01Z"},
         {"type":"Ready","status":"False","reason":"ContainersNotReady",
          "message":"containers with unready status: [app]","lastTransitionTime":"2026-01-01T00:00:01Z"},
         {"type":"ContainersReady","status":"False","reason":"ContainersNotReady",
          "message":"containers with unready status: [app]","lastTransitionTime":"2026-01-01T00:00:01Z"},
         {"type":"PodScheduled","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}],
       "containerStatuses":[{"name":"app","image":"nginx","imageID":"","ready":false,"restartCount":0,
         "started":false,"state":{"waiting":{"reason":"ContainerCreating"}},"lastState":{}}]}""";
  private static final String RUNNING = """
      {"phase":"Running","qosClass":"BestEffort","hostIP":"172.18.0.2","hostIPs":[{"ip":"172.18.0.2"}],
       "podIP":"10.244.1.7","podIPs":[{"ip":"10.244.1.7"}],"startTime":"2026-01-01T00:00:01Z",
       "conditions":[
         {"type":"PodReadyToStartContainers","status":"True","lastTransitionTime":"2026-01-01T00:00:02Z"},
         {"type":"Initialized","status":"True","lastTransitionTime":"2026-01-01T00:00:01Z"},
         {"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:02Z"},
         {"type":"ContainersReady","status":"True","lastTransitionTime":"2026-01-01T00:00:02Z"},
         {"type":"PodScheduled","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}],
       "containerStatuses":[{"name":"app","image":"docker.io/library/nginx:latest","imageID":"sha256:ab",
         "containerID":"containerd://0f","ready":true,"restartCount":0,"started":true,
         "state":{"running":{"startedAt":"2026-01-01T00:00:02Z"}},"lastState":{}}]}""";

  private static ObjectNode pod(String status) throws Exception {
    ObjectNode pod = (ObjectNode) JSON.readTree("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","uid":"u-1"},
         "spec":{"nodeName":"n1","containers":[{"name":"app","image":"nginx"}]}}""");
    pod.set("status", JSON.readTree(status));
    return pod;
  }

  private static void assertRoundTrip(String from, String to) throws Exception {
    ObjectNode before = pod(from);
    ObjectNode after = pod(to);
    ObjectNode patch = TwoWayMergePatch.create(before, after, POD);
    assertThat(StrategicMergePatch.apply(before, patch, POD)).isEqualTo(after);
  }

  @Test
  void everyStepOfAPodsStartRoundTrips() throws Exception {
    List<String> steps = List.of(PENDING, CREATING, RUNNING);
    for (int i = 0; i + 1 < steps.size(); i++) {
      assertRoundTrip(steps.get(i), steps.get(i + 1));
    }
    assertRoundTrip(PENDING, RUNNING);
    assertRoundTrip(RUNNING, CREATING);
  }

  @Test
  void theKubeletsPatchCarriesOnlyTheStatusAndKeepsAnotherWritersCondition() throws Exception {
    ObjectNode patch = TwoWayMergePatch.create(pod(CREATING), pod(RUNNING), POD);
    assertThat(patch.fieldNames()).toIterable().containsExactly("status");

    // The server has a condition another controller added since the kubelet last looked.
    ObjectNode stored = pod(CREATING);
    ((com.fasterxml.jackson.databind.node.ArrayNode) stored.at("/status/conditions"))
        .addObject().put("type", "DisruptionTarget").put("status", "True");
    JsonNode result = StrategicMergePatch.apply(stored, patch, POD);
    assertThat(result.at("/status/phase").asText()).isEqualTo("Running");
    assertThat(result.at("/status/conditions").findValuesAsText("type")).containsExactly(
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled", "DisruptionTarget");
    assertThat(result.at("/status/containerStatuses")).isEqualTo(pod(RUNNING).at("/status/containerStatuses"));
  }

  @Test
  void removedConditionsAndReorderedAddressesRoundTrip() throws Exception {
    String twoAddresses = RUNNING.replace("\"podIPs\":[{\"ip\":\"10.244.1.7\"}]",
        "\"podIPs\":[{\"ip\":\"10.244.1.7\"},{\"ip\":\"fd00::7\"}]");
    String swapped = RUNNING.replace("\"podIPs\":[{\"ip\":\"10.244.1.7\"}]",
        "\"podIPs\":[{\"ip\":\"fd00::7\"},{\"ip\":\"10.244.1.7\"}]");
    assertRoundTrip(twoAddresses, swapped);
    assertRoundTrip(RUNNING, PENDING);
  }
}
