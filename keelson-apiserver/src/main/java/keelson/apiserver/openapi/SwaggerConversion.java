package keelson.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the OpenAPI 3.0 group-version documents into the one Swagger 2.0 document kube-apiserver
 * serves at {@code /openapi/v2}.
 *
 * <p>The differences that matter to clients: schemas live under {@code definitions} and are referenced
 * as {@code #/definitions/…}; a reference is a plain {@code $ref} beside its description (v2 has no
 * {@code allOf} wrapper); parameters carry their {@code type} directly; request bodies are
 * {@code in: body} parameters; responses carry a {@code schema} instead of per-media-type content.
 * A schema shared by several groups (DeleteOptions, WatchEvent) lists the kinds of all of them.
 */
final class SwaggerConversion {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String V3_REF = "#/components/schemas/";
  private static final String V2_REF = "#/definitions/";
  private static final String GVK = "x-kubernetes-group-version-kind";
  private static final List<String> VERBS = List.of("get", "put", "post", "delete", "options", "head", "patch");

  private SwaggerConversion() {}

  /** Returns the Swagger 2.0 document for the given OpenAPI 3.0 documents. */
  static ObjectNode convert(List<JsonNode> documents) {
    Map<String, ObjectNode> definitions = new TreeMap<>();
    Map<String, ObjectNode> paths = new TreeMap<>();
    for (JsonNode document : documents) {
      document.path("components").path("schemas").properties().forEach(entry -> {
        ObjectNode converted = schema(entry.getValue());
        ObjectNode existing = definitions.get(entry.getKey());
        if (existing == null) {
          definitions.put(entry.getKey(), converted);
        } else {
          mergeKinds(existing, converted);
        }
      });
      document.path("paths").properties().forEach(entry -> paths.put(entry.getKey(), pathItem(entry.getValue())));
    }
    ObjectNode swagger = NODES.objectNode();
    swagger.put("swagger", "2.0");
    swagger.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode pathsNode = swagger.putObject("paths");
    paths.forEach(pathsNode::set);
    ObjectNode definitionsNode = swagger.putObject("definitions");
    definitions.forEach(definitionsNode::set);
    return swagger;
  }

  private static void mergeKinds(ObjectNode existing, ObjectNode other) {
    JsonNode more = other.path(GVK);
    if (!more.isArray()) {
      return;
    }
    ArrayNode kinds = existing.has(GVK) ? (ArrayNode) existing.get(GVK) : existing.putArray(GVK);
    for (JsonNode kind : more) {
      if (!contains(kinds, kind)) {
        kinds.add(kind);
      }
    }
  }

  private static boolean contains(ArrayNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** Converts one schema, recursively: references renamed, {@code allOf: [{$ref}]} unwrapped. */
  static ObjectNode schema(JsonNode v3) {
    ObjectNode out = NODES.objectNode();
    JsonNode allOf = v3.path("allOf");
    if (allOf.isArray() && allOf.size() == 1 && allOf.get(0).has("$ref")) {
      out.put("$ref", ref(allOf.get(0).get("$ref").asText()));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = v3.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      switch (key) {
        case "allOf" -> {
          if (!out.has("$ref")) {
            ArrayNode converted = out.putArray("allOf");
            value.forEach(element -> converted.add(schema(element)));
          }
        }
        case "$ref" -> out.put("$ref", ref(value.asText()));
        case "properties" -> {
          ObjectNode properties = out.putObject("properties");
          value.properties().forEach(property -> properties.set(property.getKey(), schema(property.getValue())));
        }
        case "items" -> out.set("items", schema(value));
        case "additionalProperties" -> out.set("additionalProperties", value.isObject() ? schema(value) : value);
        // A v2 reference carries no default: the referenced definition stands for the whole value.
        case "default" -> {
          if (!out.has("$ref") && !v3.has("$ref")) {
            out.set("default", value.deepCopy());
          }
        }
        default -> out.set(key, value.deepCopy());
      }
    }
    return out;
  }

  private static String ref(String v3Ref) {
    return v3Ref.startsWith(V3_REF) ? V2_REF + v3Ref.substring(V3_REF.length()) : v3Ref;
  }

  private static ObjectNode pathItem(JsonNode v3) {
    ObjectNode out = NODES.objectNode();
    for (String verb : VERBS) {
      if (v3.has(verb)) {
        out.set(verb, operation(v3.get(verb)));
      }
    }
    if (v3.has("parameters")) {
      out.set("parameters", parameters(v3.get("parameters")));
    }
    return out;
  }

  private static ObjectNode operation(JsonNode v3) {
    ObjectNode out = NODES.objectNode();
    copy(v3, out, "description");
    copy(v3, out, "operationId");
    JsonNode body = v3.path("requestBody");
    if (body.isObject()) {
      out.set("consumes", mediaTypes(body.path("content")));
    }
    out.set("produces", NODES.arrayNode().add("application/json").add("application/yaml")
        .add("application/vnd.kubernetes.protobuf"));
    out.putArray("schemes").add("https");
    ArrayNode parameters = v3.has("parameters") ? parameters(v3.get("parameters")) : NODES.arrayNode();
    if (body.isObject()) {
      ObjectNode bodyParameter = NODES.objectNode();
      bodyParameter.put("name", "body").put("in", "body");
      if (body.path("required").asBoolean(false)) {
        bodyParameter.put("required", true);
      }
      JsonNode first = body.path("content").elements().hasNext() ? body.path("content").elements().next() : null;
      bodyParameter.set("schema", first == null ? NODES.objectNode() : schema(first.path("schema")));
      parameters.insert(0, bodyParameter);
    }
    if (!parameters.isEmpty()) {
      out.set("parameters", parameters);
    }
    ObjectNode responses = out.putObject("responses");
    v3.path("responses").properties().forEach(entry -> {
      ObjectNode response = responses.putObject(entry.getKey());
      copy(entry.getValue(), response, "description");
      JsonNode content = entry.getValue().path("content");
      if (content.elements().hasNext()) {
        response.set("schema", schema(content.elements().next().path("schema")));
      }
    });
    copy(v3, out, "tags");
    v3.properties().forEach(entry -> {
      if (entry.getKey().startsWith("x-")) {
        out.set(entry.getKey(), entry.getValue().deepCopy());
      }
    });
    return out;
  }

  private static ArrayNode mediaTypes(JsonNode content) {
    ArrayNode types = NODES.arrayNode();
    content.fieldNames().forEachRemaining(types::add);
    return types;
  }

  private static ArrayNode parameters(JsonNode v3) {
    ArrayNode out = NODES.arrayNode();
    for (JsonNode parameter : v3) {
      ObjectNode converted = NODES.objectNode();
      parameter.properties().forEach(entry -> {
        if (entry.getKey().equals("schema")) {
          entry.getValue().properties().forEach(inner -> converted.set(inner.getKey(), inner.getValue().deepCopy()));
        } else {
          converted.set(entry.getKey(), entry.getValue().deepCopy());
        }
      });
      out.add(converted);
    }
    return out;
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    }
  }
}
