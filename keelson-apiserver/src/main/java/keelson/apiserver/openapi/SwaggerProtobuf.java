package keelson.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 document as the protobuf message {@code openapi.v2.Document} of gnostic,
 * the only form client-go asks {@code /openapi/v2} for (kubectl 1.27 and 1.28 need it for
 * {@code apply} and {@code explain}).
 *
 * <p>Only the parts a Kubernetes document uses are encoded: definitions (schemas with their vendor
 * extensions, whose values gnostic keeps as YAML text; JSON is valid YAML) and paths with their
 * operations, query, path and body parameters and responses. Field numbers are those of gnostic's
 * {@code OpenAPIv2.proto}.
 */
final class SwaggerProtobuf {

  private SwaggerProtobuf() {}

  /** Returns the encoded document. */
  static byte[] encode(JsonNode swagger) {
    Message document = new Message();
    document.string(1, swagger.path("swagger").asText());
    Message info = new Message();
    info.string(1, swagger.path("info").path("title").asText());
    info.string(2, swagger.path("info").path("version").asText());
    document.message(2, info);
    Message paths = new Message();
    for (Map.Entry<String, JsonNode> path : swagger.path("paths").properties()) {
      paths.message(2, named(path.getKey(), pathItem(path.getValue())));
    }
    document.message(8, paths);
    Message definitions = new Message();
    for (Map.Entry<String, JsonNode> definition : swagger.path("definitions").properties()) {
      definitions.message(1, named(definition.getKey(), schema(definition.getValue())));
    }
    document.message(9, definitions);
    return document.bytes();
  }

  private static Message named(String name, Message value) {
    Message named = new Message();
    named.string(1, name);
    named.message(2, value);
    return named;
  }

  private static Message schema(JsonNode schema) {
    Message out = new Message();
    out.string(1, schema.path("$ref").asText(""));
    out.string(2, schema.path("format").asText(""));
    out.string(4, schema.path("description").asText(""));
    if (schema.has("default")) {
      out.message(5, any(schema.get("default")));
    }
    for (JsonNode required : schema.path("required")) {
      out.string(19, required.asText());
    }
    for (JsonNode value : schema.path("enum")) {
      out.message(20, any(value));
    }
    JsonNode additional = schema.path("additionalProperties");
    if (additional.isObject()) {
      Message item = new Message();
      item.message(1, schema(additional));
      out.message(21, item);
    } else if (additional.isBoolean()) {
      Message item = new Message();
      item.bool(2, additional.asBoolean());
      out.message(21, item);
    }
    if (schema.has("type")) {
      Message type = new Message();
      type.string(1, schema.get("type").asText());
      out.message(22, type);
    }
    if (schema.has("items")) {
      Message items = new Message();
      items.message(1, schema(schema.get("items")));
      out.message(23, items);
    }
    for (JsonNode part : schema.path("allOf")) {
      out.message(24, schema(part));
    }
    if (schema.has("properties")) {
      Message properties = new Message();
      for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
        properties.message(1, named(property.getKey(), schema(property.getValue())));
      }
      out.message(25, properties);
    }
    extensions(schema, out, 31);
    return out;
  }

  private static Message pathItem(JsonNode item) {
    Message out = new Message();
    int[] numbers = {2, 3, 4, 5, 6, 7, 8};
    String[] verbs = {"get", "put", "post", "delete", "options", "head", "patch"};
    for (int i = 0; i < verbs.length; i++) {
      if (item.has(verbs[i])) {
        out.message(numbers[i], operation(item.get(verbs[i])));
      }
    }
    for (JsonNode parameter : item.path("parameters")) {
      out.message(9, parameter(parameter));
    }
    return out;
  }

  private static Message operation(JsonNode operation) {
    Message out = new Message();
    for (JsonNode tag : operation.path("tags")) {
      out.string(1, tag.asText());
    }
    out.string(3, operation.path("description").asText(""));
    out.string(5, operation.path("operationId").asText(""));
    for (JsonNode type : operation.path("produces")) {
      out.string(6, type.asText());
    }
    for (JsonNode type : operation.path("consumes")) {
      out.string(7, type.asText());
    }
    for (JsonNode parameter : operation.path("parameters")) {
      out.message(8, parameter(parameter));
    }
    Message responses = new Message();
    for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
      Message value = new Message();
      value.string(1, response.getValue().path("description").asText(""));
      if (response.getValue().has("schema")) {
        Message schemaItem = new Message();
        schemaItem.message(1, schema(response.getValue().get("schema")));
        value.message(2, schemaItem);
      }
      Message responseValue = new Message();
      responseValue.message(1, value);
      responses.message(1, named(response.getKey(), responseValue));
    }
    out.message(9, responses);
    for (JsonNode scheme : operation.path("schemes")) {
      out.string(10, scheme.asText());
    }
    extensions(operation, out, 13);
    return out;
  }

  /** Encodes a {@code ParametersItem}: a body parameter, or a query or path parameter. */
  private static Message parameter(JsonNode parameter) {
    String in = parameter.path("in").asText();
    Message concrete = new Message();
    Message parameterMessage = new Message();
    if (in.equals("body")) {
      concrete.string(1, parameter.path("description").asText(""));
      concrete.string(2, parameter.path("name").asText());
      concrete.string(3, in);
      concrete.bool(4, parameter.path("required").asBoolean(false));
      concrete.message(5, schema(parameter.path("schema")));
      parameterMessage.message(1, concrete);
    } else {
      boolean query = !in.equals("path");
      concrete.bool(1, parameter.path("required").asBoolean(false));
      concrete.string(2, in);
      concrete.string(3, parameter.path("description").asText(""));
      concrete.string(4, parameter.path("name").asText());
      // The sub-schemas number their fields differently: query has allow_empty_value at 5.
      concrete.string(query ? 6 : 5, parameter.path("type").asText(""));
      concrete.bool(query ? 20 : 19, parameter.path("uniqueItems").asBoolean(false));
      Message nonBody = new Message();
      nonBody.message(query ? 3 : 4, concrete);
      parameterMessage.message(2, nonBody);
    }
    Message item = new Message();
    item.message(1, parameterMessage);
    return item;
  }

  private static void extensions(JsonNode node, Message out, int field) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getKey().startsWith("x-")) {
        Message named = new Message();
        named.string(1, entry.getKey());
        named.message(2, any(entry.getValue()));
        out.message(field, named);
      }
    }
  }

  /** Encodes a value as gnostic's {@code Any}: its YAML text (JSON is YAML). */
  private static Message any(JsonNode value) {
    Message any = new Message();
    any.string(2, value.toString() + "\n");
    return any;
  }

  /** A protobuf message being written; proto3 rules: empty strings and false are left out. */
  private static final class Message {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    void string(int field, String value) {
      if (value.isEmpty()) {
        return;
      }
      write(() -> out.writeString(field, value));
    }

    void bool(int field, boolean value) {
      if (value) {
        write(() -> out.writeBool(field, true));
      }
    }

    void message(int field, Message value) {
      byte[] bytes = value.bytes();
      write(() -> out.writeByteArray(field, bytes));
    }

    byte[] bytes() {
      write(out::flush);
      return buffer.toByteArray();
    }

    private void write(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
