package keelson.apiserver.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The one JSON codec of the API server, and small helpers for reading object trees. */
public final class Json {
  /** Shared mapper: trees only, no data binding, so no configuration can leak between uses. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Json() {}

  /** Returns a new empty object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses JSON bytes into a tree. */
  public static JsonNode parse(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /** Parses YAML bytes (one document) into a tree. */
  public static JsonNode parseYaml(byte[] bytes) throws IOException {
    return YAML.readTree(bytes);
  }

  /** Serializes a tree to compact JSON bytes. */
  public static byte[] bytes(JsonNode node) {
    try {
      ByteArrayBuilder out = new ByteArrayBuilder(2048);
      try (JsonGenerator generator = MAPPER.createGenerator(out)) {
        write(generator, node);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a tree to {@code generator} as the mapper would, walking it directly: the mapper finds
   * and runs a serializer with a fresh provider for every call, which showed on every stored write
   * (its metadata is written member by member, see {@link StoredJson}). Node kinds the server never
   * builds (binary, POJO) still go through the mapper.
   */
  public static void write(JsonGenerator generator, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          generator.writeFieldName(member.getKey());
          write(generator, member.getValue());
        }
        generator.writeEndObject();
      }
      case ARRAY -> {
        generator.writeStartArray();
        for (JsonNode item : node) {
          write(generator, item);
        }
        generator.writeEndArray();
      }
      case STRING -> generator.writeString(node.textValue());
      case BOOLEAN -> generator.writeBoolean(node.booleanValue());
      case NULL -> generator.writeNull();
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> generator.writeNumber(node.intValue());
          case LONG -> generator.writeNumber(node.longValue());
          case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
          case FLOAT -> generator.writeNumber(node.floatValue());
          case DOUBLE -> generator.writeNumber(node.doubleValue());
          case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
        }
      }
      default -> MAPPER.writeTree(generator, node);
    }
  }

  /** Serializes a tree to a compact JSON string. */
  public static String bytesAsString(JsonNode node) {
    return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Returns the text at {@code obj.field}, or null when absent or not text. */
  public static String text(JsonNode obj, String field) {
    JsonNode node = obj == null ? null : obj.get(field);
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /** Returns the object at {@code obj.field}, creating it when absent. */
  public static ObjectNode child(ObjectNode obj, String field) {
    JsonNode node = obj.get(field);
    if (node instanceof ObjectNode existing) {
      return existing;
    }
    return obj.putObject(field);
  }

  /** Returns {@code obj.metadata}, creating it when absent. */
  public static ObjectNode metadata(ObjectNode obj) {
    return child(obj, "metadata");
  }
}
