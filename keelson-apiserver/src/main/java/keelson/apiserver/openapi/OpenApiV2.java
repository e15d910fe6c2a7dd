package keelson.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI v2 document at {@code /openapi/v2}, derived from the v3 documents so both describe
 * the same types. kubectl up to 1.27 validates manifests and computes {@code diff} from it, and
 * later versions still read it for the patch metadata of strategic merges; they ask for the
 * protobuf form ({@link OpenApiV2Protobuf}), other clients for JSON.
 *
 * <p>The conversion: {@code components.schemas} become {@code definitions}, references point to
 * {@code #/definitions/}, a reference wrapped as {@code allOf} becomes a plain {@code $ref}
 * (kube-openapi's v2 reader takes nothing else), parameters carry their type inline, and a request
 * body becomes a {@code body} parameter. Thread-safe; built once.
 */
public final class OpenApiV2 {
  /**
   * The media type client-go asks for (the gnostic protobuf encoding). The answer is labelled
   * {@link #PROTOBUF_CONTENT_TYPE} instead, as kube-apiserver labels it: Go's media-type parser
   * refuses the {@code @}.
   */
  public static final String PROTOBUF_ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  /** The Content-Type of the protobuf answer. */
  public static final String PROTOBUF_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V3_REF = "#/components/schemas/";
  private static final String V2_REF = "#/definitions/";
  private static final List<String> OPERATIONS = List.of("get", "put", "post", "delete", "patch");

  private final OpenApiV3 v3;
  private final String version;
  private volatile Built built;

  /**
   * Derives the v2 document from {@code v3}.
   *
   * @param version the {@code info.version}, kube-apiserver's git version
   */
  public OpenApiV2(OpenApiV3 v3, String version) {
    this.v3 = v3;
    this.version = version;
  }

  /** Returns the document as JSON. */
  public byte[] json() {
    return built().json().clone();
  }

  /** Returns the document in gnostic's protobuf encoding. */
  public byte[] protobuf() {
    return built().protobuf().clone();
  }

  /** Returns the document tree (a copy), for tests. */
  ObjectNode tree() {
    return built().tree().deepCopy();
  }

  private Built built() {
    Built current = built;
    if (current == null) {
      synchronized (this) {
        current = built;
        if (current == null) {
          current = build();
          built = current;
        }
      }
    }
    return current;
  }

  private Built build() {
    ObjectNode document = JSON.createObjectNode();
    document.put("swagger", "2.0");
    document.putObject("info").put("title", "Kubernetes").put("version", version);
    ObjectNode paths = document.putObject("paths");
    ObjectNode definitions = document.putObject("definitions");
    try {
      JsonNode root = JSON.readTree(v3.root());
      for (Iterator<String> it = root.path("paths").fieldNames(); it.hasNext(); ) {
        JsonNode gv = JSON.readTree(v3.document(it.next()).orElseThrow());
        for (Map.Entry<String, JsonNode> path : gv.path("paths").properties()) {
          paths.set(path.getKey(), pathItem(path.getValue()));
        }
        for (Map.Entry<String, JsonNode> schema : gv.path("components").path("schemas").properties()) {
          if (!definitions.has(schema.getKey())) {
            definitions.set(schema.getKey(), schema(schema.getValue()));
          }
        }
      }
      byte[] json = JSON.writeValueAsBytes(document);
      return new Built(document, json, OpenApiV2Protobuf.encode(document));
    } catch (IOException e) {
      throw new UncheckedIOException("the v3 documents did not parse", e);
    }
  }

  private static ObjectNode pathItem(JsonNode v3Item) {
    ObjectNode item = JSON.createObjectNode();
    for (String method : OPERATIONS) {
      if (v3Item.get(method) instanceof ObjectNode operation) {
        item.set(method, operation(operation));
      }
    }
    if (v3Item.get("parameters") instanceof ArrayNode parameters) {
      item.set("parameters", parameters(parameters));
    }
    return item;
  }

  private static ObjectNode operation(ObjectNode v3Operation) {
    ObjectNode operation = JSON.createObjectNode();
    copy(v3Operation, operation, "description", "operationId", "tags");
    ArrayNode parameters = v3Operation.get("parameters") instanceof ArrayNode list
        ? parameters(list) : JSON.createArrayNode();
    JsonNode body = v3Operation.path("requestBody").path("content");
    if (body.isObject() && !body.isEmpty()) {
      ArrayNode consumes = operation.putArray("consumes");
      body.fieldNames().forEachRemaining(consumes::add);
      JsonNode schema = body.elements().next().path("schema");
      parameters.insert(0, JSON.createObjectNode().put("name", "body").put("in", "body").put("required", true)
          .set("schema", schema(schema)));
    }
    if (!parameters.isEmpty()) {
      operation.set("parameters", parameters);
    }
    ObjectNode responses = operation.putObject("responses");
    for (Map.Entry<String, JsonNode> response : v3Operation.path("responses").properties()) {
      ObjectNode converted = responses.putObject(response.getKey());
      converted.put("description", response.getValue().path("description").asText(""));
      JsonNode content = response.getValue().path("content");
      if (content.isObject() && !content.isEmpty()) {
        converted.set("schema", schema(content.elements().next().path("schema")));
      }
    }
    for (Map.Entry<String, JsonNode> field : v3Operation.properties()) {
      if (field.getKey().startsWith("x-")) {
        operation.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    return operation;
  }

  private static ArrayNode parameters(ArrayNode v3Parameters) {
    ArrayNode parameters = JSON.createArrayNode();
    for (JsonNode v3 : v3Parameters) {
      ObjectNode parameter = parameters.addObject();
      copy(v3, parameter, "name", "in", "description", "required");
      JsonNode schema = v3.path("schema");
      copy(schema, parameter, "type", "uniqueItems");
    }
    return parameters;
  }

  /** Converts one v3 schema to its v2 form. */
  static ObjectNode schema(JsonNode v3) {
    ObjectNode schema = JSON.createObjectNode();
    if (v3.get("allOf") instanceof ArrayNode allOf && allOf.size() == 1 && allOf.get(0).has("$ref")) {
      schema.put("$ref", ref(allOf.get(0).get("$ref").asText()));
      copy(v3, schema, "description");
      return schema;
    }
    for (Map.Entry<String, JsonNode> field : v3.properties()) {
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "$ref" -> schema.put("$ref", ref(value.asText()));
        case "properties" -> {
          ObjectNode properties = schema.putObject("properties");
          value.properties().forEach(p -> properties.set(p.getKey(), schema(p.getValue())));
        }
        case "items" -> schema.set("items", schema(value));
        case "additionalProperties" -> schema.set("additionalProperties", value.isObject() ? schema(value) : value);
        case "allOf" -> {
          ArrayNode all = schema.putArray("allOf");
          value.forEach(v -> all.add(schema(v)));
        }
        // v3 only: v2 has no way to say them, and kube's own v2 leaves them out.
        case "nullable", "oneOf", "anyOf", "not", "writeOnly" -> { }
        default -> schema.set(field.getKey(), value.deepCopy());
      }
    }
    return schema;
  }

  private static String ref(String v3Ref) {
    return v3Ref.startsWith(V3_REF) ? V2_REF + v3Ref.substring(V3_REF.length()) : v3Ref;
  }

  private static void copy(JsonNode from, ObjectNode to, String... fields) {
    for (String field : fields) {
      if (from.has(field)) {
        to.set(field, from.get(field).deepCopy());
      }
    }
  }

  private record Built(ObjectNode tree, byte[] json, byte[] protobuf) {}
}
