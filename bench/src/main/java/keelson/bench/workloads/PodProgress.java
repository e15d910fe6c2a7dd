package keelson.bench.workloads;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the pods scenario reads from one pod watch event: the pod's name, whether it is bound,
 * Running and Ready. Read with a streaming parser that skips everything else (spec, managedFields,
 * container statuses), so that the client sharing the two cores with the server spends little on
 * the thousands of events it times; a whole tree per event cost it a third of a core.
 */
record PodProgress(String name, boolean bound, boolean running, boolean ready) {
  /**
   * Field names are not pooled: the managed fields' keys ({@code k:{"ip":…}}) are new for every
   * pod, and each new name in a pooled table copies the whole table.
   */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

  /** Parses a watch event line {@code {"type":…,"object":{…}}} from its UTF-8 bytes. */
  static PodProgress parse(byte[] line, int offset, int length) throws IOException {
    try (JsonParser p = FACTORY.createParser(line, offset, length)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      PodProgress found = new PodProgress("", false, false, false);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if ("object".equals(field) && p.currentToken() == JsonToken.START_OBJECT) {
          found = object(p);
        } else {
          p.skipChildren();
        }
      }
      return found;
    }
  }

  private static PodProgress object(JsonParser p) throws IOException {
    String name = "";
    boolean bound = false;
    boolean running = false;
    boolean ready = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (value != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      switch (field) {
        case "metadata" -> name = textField(p, "name", name);
        case "spec" -> bound = !textField(p, "nodeName", "").isEmpty();
        case "status" -> {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String statusField = p.currentName();
            p.nextToken();
            if ("phase".equals(statusField)) {
              running = "Running".equals(p.getValueAsString());
            } else if ("conditions".equals(statusField) && p.currentToken() == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                String type = null;
                String status = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                  String conditionField = p.currentName();
                  p.nextToken();
                  if ("type".equals(conditionField)) {
                    type = p.getValueAsString();
                  } else if ("status".equals(conditionField)) {
                    status = p.getValueAsString();
                  } else {
                    p.skipChildren();
                  }
                }
                ready |= "Ready".equals(type) && "True".equals(status);
              }
            } else {
              p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    return new PodProgress(name, bound, running, ready);
  }

  /** Reads one string field of the object the parser is in, skipping the rest; fallback if absent. */
  private static String textField(JsonParser p, String wanted, String fallback) throws IOException {
    String value = fallback;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (wanted.equals(field) && p.currentToken() == JsonToken.VALUE_STRING) {
        value = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return value;
  }

  private static void expect(JsonToken actual, JsonToken wanted) throws IOException {
    if (actual != wanted) {
      throw new IOException("expected " + wanted + ", got " + actual);
    }
  }
}
