package keelson.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import keelson.api.schema.AnySchema;
import keelson.api.schema.ArraySchema;
import keelson.api.schema.FieldSchema;
import keelson.api.schema.MapSchema;
import keelson.api.schema.ObjectSchema;
import keelson.api.schema.PrimitiveSchema;
import keelson.api.schema.Property;

/**
 * Collects the {@code components.schemas} of one OpenAPI document: every object schema reachable
 * from the roots it is given, under its Kubernetes name, plus the shared scalar schemas they
 * reference.
 *
 * <p>Nested objects are referenced as {@code allOf: [{$ref}]}, the form upstream uses so that a
 * description or default can sit beside the reference.
 */
final class SchemaComponents {
  static final String REF_PREFIX = "#/components/schemas/";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  private static final String TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
  private static final String MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
  /** Fields that hold a struct by value in Go, so upstream gives them {@code default: {}}. */
  private static final Set<String> VALUE_STRUCT_FIELDS = Set.of("metadata", "spec", "status", "template");

  private final Map<String, ObjectNode> components = new TreeMap<>();
  private final Map<String, List<ObjectNode>> kinds = new TreeMap<>();
  private final Deque<ObjectSchema> pending = new ArrayDeque<>();

  /**
   * Adds an object schema and everything it reaches.
   *
   * @param gvks the group-version-kinds the schema is the top-level schema of, if any
   */
  void add(ObjectSchema schema, List<ObjectNode> gvks) {
    if (!gvks.isEmpty()) {
      kinds.computeIfAbsent(schema.name(), name -> new java.util.ArrayList<>()).addAll(gvks);
    }
    pending.add(schema);
    // Breadth-first over a work list rather than recursion: nested schemas may refer back.
    while (!pending.isEmpty()) {
      ObjectSchema next = pending.poll();
      if (!components.containsKey(next.name())) {
        components.put(next.name(), object(next));
      }
    }
  }

  /** Adds a schema written by hand, for meta types fabric8 does not model usefully. */
  void addRaw(String name, ObjectNode schema) {
    components.put(name, schema);
  }

  /** Returns the {@code components.schemas} object, sorted by name. */
  ObjectNode toJson() {
    ObjectNode schemas = NODES.objectNode();
    components.forEach(
        (name, schema) -> {
          ObjectNode copy = schema.deepCopy();
          List<ObjectNode> gvks = kinds.get(name);
          if (gvks != null) {
            copy.set("x-kubernetes-group-version-kind", NODES.arrayNode().addAll(gvks));
          }
          schemas.set(name, copy);
        });
    return schemas;
  }

  /** Returns a reference to the named component schema. */
  static ObjectNode ref(String name) {
    return NODES.objectNode().put("$ref", REF_PREFIX + name);
  }

  private ObjectNode object(ObjectSchema schema) {
    ObjectNode json = NODES.objectNode();
    Descriptions.ofSchema(schema.name()).ifPresent(text -> json.put("description", text));
    boolean topLevel = schema.properties().containsKey("apiVersion");
    ObjectNode properties = NODES.objectNode();
    ArrayNode required = NODES.arrayNode();
    for (Property property : schema.properties().values()) {
      ObjectNode field = value(property.schema(), VALUE_STRUCT_FIELDS.contains(property.name()));
      Descriptions.ofField(schema.name(), property.name(), topLevel)
          .ifPresent(text -> field.put("description", text));
      if (property.schema() instanceof ArraySchema && !property.patch().extensionValue().isEmpty()) {
        if (property.patch().hasMergeKey()) {
          field.put("x-kubernetes-patch-merge-key", property.patch().mergeKey());
        }
        field.put("x-kubernetes-patch-strategy", property.patch().extensionValue());
      } else if (property.patch().retainKeys()) {
        field.put("x-kubernetes-patch-strategy", property.patch().extensionValue());
      }
      if (property.required()) {
        required.add(property.name());
      }
      properties.set(property.name(), field);
    }
    if (!required.isEmpty()) {
      json.set("required", required);
    }
    json.set("properties", properties);
    json.put("type", "object");
    return json;
  }

  /** Returns the schema of a value; {@code byValue} adds upstream's {@code default: {}} to objects. */
  private ObjectNode value(FieldSchema schema, boolean byValue) {
    return switch (schema) {
      case ObjectSchema object -> {
        pending.add(object);
        ObjectNode json = NODES.objectNode();
        json.putArray("allOf").add(ref(object.name()));
        if (byValue) {
          json.putObject("default");
        }
        yield json;
      }
      case ArraySchema array -> {
        ObjectNode json = NODES.objectNode();
        json.set("items", value(array.items(), true));
        json.put("type", "array");
        yield json;
      }
      case MapSchema map -> {
        ObjectNode json = NODES.objectNode();
        json.set("additionalProperties", value(map.values(), true));
        json.put("type", "object");
        yield json;
      }
      case PrimitiveSchema primitive -> primitive(primitive);
      case AnySchema any -> {
        if (any.name().isPresent()) {
          yield referenced(any.name().get(), NODES.objectNode().put("type", "object"));
        }
        yield NODES.objectNode().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
      }
    };
  }

  private ObjectNode primitive(PrimitiveSchema primitive) {
    return switch (primitive.type()) {
      case STRING -> NODES.objectNode().put("type", "string");
      case BYTES -> NODES.objectNode().put("format", "byte").put("type", "string");
      case INT32 -> NODES.objectNode().put("format", "int32").put("type", "integer");
      case INT64 -> NODES.objectNode().put("format", "int64").put("type", "integer");
      case NUMBER -> NODES.objectNode().put("format", "double").put("type", "number");
      case BOOLEAN -> NODES.objectNode().put("type", "boolean");
      case INT_OR_STRING ->
          referenced(INT_OR_STRING, NODES.objectNode().put("format", "int-or-string").put("type", "string"));
      case QUANTITY -> referenced(QUANTITY, NODES.objectNode().put("type", "string"));
      case DATE_TIME ->
          referenced(TIME, NODES.objectNode().put("format", "date-time").put("type", "string"));
      case MICRO_TIME ->
          referenced(MICRO_TIME, NODES.objectNode().put("format", "date-time").put("type", "string"));
    };
  }

  /** Registers a shared scalar or free-form component and returns an {@code allOf} reference. */
  private ObjectNode referenced(String name, ObjectNode component) {
    components.putIfAbsent(name, component);
    ObjectNode json = NODES.objectNode();
    json.putArray("allOf").add(ref(name));
    return json;
  }

  /** Returns the {@code x-kubernetes-group-version-kind} entry of one kind. */
  static ObjectNode gvk(String group, String version, String kind) {
    return NODES.objectNode().put("group", group).put("kind", kind).put("version", version);
  }
}
