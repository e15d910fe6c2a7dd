package keelson.controllers.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The body of a new core/v1 Event, written field by field in the order and shape fabric8's model
 * serialises an {@code Event} (EventRecorderTest compares the two). Every simulated kubelet records
 * three Events per pod it starts, so at thousands of pods the model's reflective serialisation was a
 * sixth of the recorders' CPU; an Event's shape is fixed, so it is written directly.
 */
final class NewEventJson {
  private static final JsonFactory JSON = new JsonFactory();

  private NewEventJson() {}

  /**
   * Returns the JSON of a new Event with count 1, first and last seen at {@code time} (RFC 3339,
   * seconds).
   */
  static byte[] of(String name, String namespace, ObjectReference involved, String type, String reason,
      String message, String component, String host, String time) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("apiVersion", "v1");
      json.writeStringField("kind", "Event");
      json.writeObjectFieldStart("metadata");
      string(json, "name", name);
      string(json, "namespace", namespace);
      json.writeEndObject();
      json.writeNumberField("count", 1);
      string(json, "firstTimestamp", time);
      json.writeObjectFieldStart("involvedObject");
      string(json, "apiVersion", involved.getApiVersion());
      string(json, "kind", involved.getKind());
      string(json, "fieldPath", involved.getFieldPath());
      string(json, "name", involved.getName());
      string(json, "namespace", involved.getNamespace());
      string(json, "resourceVersion", involved.getResourceVersion());
      string(json, "uid", involved.getUid());
      json.writeEndObject();
      string(json, "lastTimestamp", time);
      string(json, "message", message);
      string(json, "reason", reason);
      string(json, "reportingComponent", component);
      string(json, "reportingInstance", host);
      json.writeObjectFieldStart("source");
      string(json, "component", component);
      string(json, "host", host);
      json.writeEndObject();
      string(json, "type", type);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /** A string field, left out when null (as the model leaves out unset fields). */
  private static void string(JsonGenerator json, String field, String value) throws IOException {
    if (value != null) {
      json.writeStringField(field, value);
    }
  }
}
