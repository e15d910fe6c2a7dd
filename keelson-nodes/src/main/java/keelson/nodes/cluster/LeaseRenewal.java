package keelson.nodes.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import keelson.nodes.Times;

/**
 * A kubelet's heartbeat: a JSON merge patch of its node's Lease that sets the holder, the duration
 * and the renew time, with the resourceVersion it was read at as the precondition, so a renewal
 * racing another writer fails with 409 as the kubelet's update would. With thousands of nodes each
 * renewing every 10 s these are the simulator's most frequent writes; a copy of the cached Lease
 * serialised by fabric8's model cost more than the API server's handling of the write.
 */
final class LeaseRenewal {
  private static final JsonFactory JSON = new JsonFactory();

  private LeaseRenewal() {}

  static String patch(String resourceVersion, String holder, Instant renewTime, int leaseDurationSeconds) {
    StringWriter out = new StringWriter(192);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("metadata");
      json.writeStringField("resourceVersion", resourceVersion);
      json.writeEndObject();
      json.writeObjectFieldStart("spec");
      json.writeStringField("holderIdentity", holder);
      json.writeNumberField("leaseDurationSeconds", leaseDurationSeconds);
      json.writeStringField("renewTime", Times.formatMicros(renewTime));
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toString();
  }
}
