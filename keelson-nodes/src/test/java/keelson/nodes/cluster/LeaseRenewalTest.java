package keelson.nodes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpecBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import keelson.controllers.runtime.ClientSerialization;
import org.junit.jupiter.api.Test;

/** A heartbeat patch carries the precondition and the spec exactly as the model would write it. */
class LeaseRenewalTest {
  @Test
  void thePatchSetsTheSpecAsTheModelWritesItWithTheVersionAsPrecondition() throws Exception {
    Instant renewTime = Instant.parse("2026-11-27T21:50:01.123456789Z");
    JsonNode patch = new ObjectMapper().readTree(LeaseRenewal.patch("4711", "node-7", renewTime, 40));

    String modelSpec = ClientSerialization.create().asJson(new LeaseSpecBuilder().withHolderIdentity("node-7")
        .withLeaseDurationSeconds(40)
        .withRenewTime(renewTime.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC)).build());
    assertThat(patch.get("spec")).isEqualTo(new ObjectMapper().readTree(modelSpec));
    assertThat(patch.at("/spec/renewTime").asText()).isEqualTo("2026-11-27T21:50:01.123456Z");
    assertThat(patch.at("/metadata/resourceVersion").asText()).isEqualTo("4711");
    assertThat(patch.size()).isEqualTo(2);
  }
}
