package keelson.bench.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodProgressTest {

  @Test
  void readsNameBindingPhaseAndReadinessAndSkipsTheRest() throws Exception {
    String running = """
        {"type":"MODIFIED","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p-000007",
        "namespace":"bench","labels":{"name":"x"},"managedFields":[{"manager":"kubelet","fieldsV1":
        {"f:status":{"f:conditions":{"k:{\\"type\\":\\"Ready\\"}":{}}}}}]},"spec":{"containers":[{"name":
        "c","image":"i"}],"nodeName":"keelson-node-3"},"status":{"phase":"Running","conditions":[
        {"type":"ContainersReady","status":"True"},{"type":"Ready","status":"True","lastProbeTime":null}],
        "containerStatuses":[{"name":"c","ready":true,"state":{"running":{}}}]}}}""".replace("\n", "");
    assertThat(parse(running)).isEqualTo(new PodProgress("p-000007", true, true, true));

    String pending = """
        {"object":{"metadata":{"name":"p-000008"},"spec":{"containers":[]},"status":{"phase":"Pending",
        "conditions":[{"status":"True","type":"PodScheduled"},{"status":"False","type":"Ready"}]}},
        "type":"ADDED"}""".replace("\n", "");
    assertThat(parse(pending)).isEqualTo(new PodProgress("p-000008", false, false, false));
  }

  private static PodProgress parse(String line) throws Exception {
    byte[] bytes = ("ignored" + line + "ignored").getBytes(StandardCharsets.UTF_8);
    return PodProgress.parse(bytes, "ignored".length(), bytes.length - 2 * "ignored".length());
  }
}
