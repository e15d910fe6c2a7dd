package keelson.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Encodes an OpenAPI v2 document (as {@link OpenApiV2} builds it) in the protobuf form of
 * gnostic's {@code openapi.v2.Document}, which is what client-go's {@code OpenAPISchema()} reads.
 * Field numbers are those of gnostic's {@code OpenAPIv2.proto}. Values of vendor extensions,
 * defaults and enums travel as the {@code yaml} text of an {@code Any}; JSON is valid YAML, so they
 * are written as JSON.
 */
final class OpenApiV2Protobuf {
  private OpenApiV2Protobuf() {}

  static byte[] encode(JsonNode document) {
    Message doc = new Message();
    doc.string(1, document.path("swagger").asText());
    Message info = new Message();
    info.string(1, document.path("info").path("title").asText());
    info.string(2, document.path("info").path("version").asText());
    doc.message(2, info);
    Message paths = new Message();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      Message named = new Message();
      named.string(1, path.getKey());
      named.message(2, pathItem(path.getValue()));
      paths.message(2, named);
    }
    doc.message(8, paths);
    Message definitions = new Message();
    for (Map.Entry<String, JsonNode> definition : document.path("definitions").properties()) {
      definitions.message(1, namedSchema(definition.getKey(), definition.getValue()));
    }
    doc.message(9, definitions);
    return doc.bytes();
  }

  private static Message pathItem(JsonNode item) {
    Message message = new Message();
    int[] numbers = {2, 3, 4, 5, 8};
    String[] methods = {"get", "put", "post", "delete", "patch"};
    for (int i = 0; i < methods.length; i++) {
      if (item.has(methods[i])) {
        message.message(numbers[i], operation(item.get(methods[i])));
      }
    }
    for (JsonNode parameter : item.path("parameters")) {
      message.message(9, parameter(parameter));
    }
    return message;
  }

  private static Message operation(JsonNode operation) {
    Message message = new Message();
    for (JsonNode tag : operation.path("tags")) {
      message.string(1, tag.asText());
    }
    message.string(3, operation.path("description").asText(""));
    message.string(5, operation.path("operationId").asText(""));
    for (JsonNode type : operation.path("consumes")) {
      message.string(7, type.asText());
    }
    for (JsonNode parameter : operation.path("parameters")) {
      message.message(8, parameter(parameter));
    }
    Message responses = new Message();
    for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
      Message body = new Message();
      body.string(1, response.getValue().path("description").asText(""));
      if (response.getValue().has("schema")) {
        body.message(2, new Message().message(1, schema(response.getValue().get("schema"))));
      }
      Message named = new Message();
      named.string(1, response.getKey());
      named.message(2, new Message().message(1, body));
      responses.message(1, named);
    }
    message.message(9, responses);
    extensions(operation, message, 13);
    return message;
  }

  /** A ParametersItem holding a Parameter: a body parameter, or a query or path one. */
  private static Message parameter(JsonNode parameter) {
    String in = parameter.path("in").asText();
    Message concrete = new Message();
    Message wrapper = new Message();
    if (in.equals("body")) {
      concrete.string(1, parameter.path("description").asText(""));
      concrete.string(2, parameter.path("name").asText());
      concrete.string(3, in);
      concrete.bool(4, parameter.path("required").asBoolean(false));
      concrete.message(5, schema(parameter.path("schema")));
      wrapper.message(1, concrete);
    } else {
      boolean path = in.equals("path");
      concrete.bool(1, parameter.path("required").asBoolean(false));
      concrete.string(2, in);
      concrete.string(3, parameter.path("description").asText(""));
      concrete.string(4, parameter.path("name").asText());
      concrete.string(path ? 5 : 6, parameter.path("type").asText(""));
      concrete.bool(path ? 19 : 20, parameter.path("uniqueItems").asBoolean(false));
      // NonBodyParameter: header 1, form 2, query 3, path 4; headers and forms are not described.
      wrapper.message(2, new Message().message(path ? 4 : 3, concrete));
    }
    return new Message().message(1, wrapper);
  }

  private static Message namedSchema(String name, JsonNode schema) {
    Message named = new Message();
    named.string(1, name);
    named.message(2, schema(schema));
    return named;
  }

  private static Message schema(JsonNode schema) {
    Message message = new Message();
    message.string(1, schema.path("$ref").asText(""));
    message.string(2, schema.path("format").asText(""));
    message.string(3, schema.path("title").asText(""));
    message.string(4, schema.path("description").asText(""));
    if (schema.has("default")) {
      message.message(5, any(schema.get("default")));
    }
    if (schema.has("maximum")) {
      message.number(7, schema.get("maximum").asDouble());
    }
    if (schema.has("minimum")) {
      message.number(9, schema.get("minimum").asDouble());
    }
    message.int64(11, schema.path("maxLength").asLong(0));
    message.int64(12, schema.path("minLength").asLong(0));
    message.string(13, schema.path("pattern").asText(""));
    message.int64(14, schema.path("maxItems").asLong(0));
    message.int64(15, schema.path("minItems").asLong(0));
    message.bool(16, schema.path("uniqueItems").asBoolean(false));
    for (JsonNode required : schema.path("required")) {
      message.string(19, required.asText());
    }
    for (JsonNode value : schema.path("enum")) {
      message.message(20, any(value));
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null) {
      Message item = new Message();
      if (additional.isObject()) {
        item.message(1, schema(additional));
      } else {
        item.boolAlways(2, additional.asBoolean());
      }
      message.message(21, item);
    }
    if (schema.has("type")) {
      message.message(22, new Message().string(1, schema.get("type").asText()));
    }
    if (schema.has("items")) {
      message.message(23, new Message().message(1, schema(schema.get("items"))));
    }
    for (JsonNode part : schema.path("allOf")) {
      message.message(24, schema(part));
    }
    if (schema.get("properties") != null) {
      Message properties = new Message();
      for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
        properties.message(1, namedSchema(property.getKey(), property.getValue()));
      }
      message.message(25, properties);
    }
    message.bool(27, schema.path("readOnly").asBoolean(false));
    extensions(schema, message, 31);
    return message;
  }

  private static void extensions(JsonNode node, Message message, int field) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getKey().startsWith("x-")) {
        Message named = new Message();
        named.string(1, entry.getKey());
        named.message(2, any(entry.getValue()));
        message.message(field, named);
      }
    }
  }

  /** An {@code Any} carrying a value as YAML text (here JSON, which YAML reads). */
  private static Message any(JsonNode value) {
    String yaml = value.isTextual() ? quoted(value.asText()) : value.toString();
    return new Message().string(2, yaml + "\n");
  }

  private static String quoted(String text) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
  }

  /** A protobuf message being written: proto3 semantics, so default values are left out. */
  private static final class Message {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    // Most messages are small; the default 4 KiB buffer per message would dominate the cost.
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer, 256);

    Message string(int field, String value) {
      if (!value.isEmpty()) {
        write(() -> out.writeString(field, value));
      }
      return this;
    }

    Message bool(int field, boolean value) {
      if (value) {
        write(() -> out.writeBool(field, true));
      }
      return this;
    }

    /** A bool inside a oneof: written even when false, since presence is what selects it. */
    Message boolAlways(int field, boolean value) {
      write(() -> out.writeBool(field, value));
      return this;
    }

    Message int64(int field, long value) {
      if (value != 0) {
        write(() -> out.writeInt64(field, value));
      }
      return this;
    }

    Message number(int field, double value) {
      write(() -> out.writeDouble(field, value));
      return this;
    }

    Message message(int field, Message value) {
      byte[] bytes = value.bytes();
      write(() -> out.writeByteArray(field, bytes));
      return this;
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

    private interface IoAction {
      void run() throws IOException;
    }
  }
}
