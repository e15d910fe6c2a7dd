package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import keelson.api.schema.AnySchema;
import keelson.api.schema.ArraySchema;
import keelson.api.schema.FieldSchema;
import keelson.api.schema.ListType;
import keelson.api.schema.ListTypes;
import keelson.api.schema.MapSchema;
import keelson.api.schema.ObjectSchema;
import keelson.api.schema.PrimitiveSchema;
import keelson.api.schema.Property;

/**
 * The merge type of one position in an object, as structured-merge-diff sees it: a struct merged
 * field by field, a map merged key by key, a set or map list merged element by element, or a
 * leaf owned and replaced whole (scalars, atomic lists, atomic structs and maps).
 *
 * <p>Free-form values ({@link AnySchema}) and fields the schema does not know are typed by their
 * value, as structured-merge-diff's deduced type: objects merge key by key, lists are atomic.
 * Instances are immutable and cached per schema field.
 */
final class TypeNode {
  enum Kind {
    STRUCT,
    MAP,
    LIST,
    LEAF,
    DEDUCED
  }

  static final TypeNode DEDUCED = new TypeNode(Kind.DEDUCED, null, null, null, null);
  private static final TypeNode LEAF = new TypeNode(Kind.LEAF, null, null, null, null);
  private static final Map<ObjectSchema, TypeNode> STRUCTS = new ConcurrentHashMap<>();

  private final Kind kind;
  private final ObjectSchema struct;
  private final TypeNode element;
  private final ListType listType;
  private final String elementSchema;
  private final Map<String, TypeNode> fields;

  private TypeNode(Kind kind, ObjectSchema struct, TypeNode element, ListType listType, String elementSchema) {
    this.kind = kind;
    this.struct = struct;
    this.element = element;
    this.listType = listType;
    this.elementSchema = elementSchema;
    this.fields = kind == Kind.STRUCT ? new ConcurrentHashMap<>() : Map.of();
  }

  /** Returns the type of a served kind's objects. */
  static TypeNode of(ObjectSchema schema) {
    return STRUCTS.computeIfAbsent(schema, s -> new TypeNode(Kind.STRUCT, s, null, null, null));
  }

  Kind kind() {
    return kind;
  }

  /** Returns whether {@code value} at this position is owned as a whole. */
  boolean isLeaf(JsonNode value) {
    return switch (kind) {
      case LEAF -> true;
      case STRUCT, MAP -> !value.isObject();
      case LIST -> !value.isArray();
      case DEDUCED -> !value.isObject();
    };
  }

  /** Returns whether {@code name} is a declared field of this struct. */
  boolean isNamedField(String name) {
    return kind == Kind.STRUCT && struct.property(name).isPresent();
  }

  /** Returns the type of a field of this struct, or of a value of this map. */
  TypeNode field(String name) {
    return switch (kind) {
      case STRUCT -> fields.computeIfAbsent(name, this::resolveField);
      case MAP -> element;
      default -> DEDUCED;
    };
  }

  /** Returns the type of this list's elements. */
  TypeNode element() {
    return kind == Kind.LIST ? element : DEDUCED;
  }

  ListType listType() {
    return listType;
  }

  /**
   * Returns the path element naming one element of this (set or map) list.
   *
   * @throws IllegalArgumentException when a map-list element lacks a key field that has no default
   */
  PathElement elementName(JsonNode item) {
    if (listType.kind() == ListType.Kind.SET) {
      return PathElement.value(item);
    }
    List<String> fields = listType.keys();
    if (fields.size() == 1) {
      // Most map-lists have one key (name, type, containerPort): no list to grow.
      return PathElement.key(fields.getFirst(), keyValue(item, fields.getFirst()));
    }
    List<Map.Entry<String, JsonNode>> key = new ArrayList<>(fields.size());
    for (String field : fields) {
      key.add(Map.entry(field, keyValue(item, field)));
    }
    return PathElement.key(key);
  }

  /** The value of one key field of a map-list element, its schema default when absent. */
  private JsonNode keyValue(JsonNode item, String field) {
    JsonNode value = item.isObject() ? item.get(field) : null;
    if (value == null || value.isNull()) {
      String fallback = elementSchema == null ? null : ListTypes.keyDefault(elementSchema, field);
      if (fallback == null) {
        throw new IllegalArgumentException("associative list with keys has an element that omits key field \""
            + field + "\" (and doesn't have default value)");
      }
      value = TextNode.valueOf(fallback);
    }
    return value;
  }

  private TypeNode resolveField(String name) {
    Property property = struct.property(name).orElse(null);
    if (property == null) {
      return DEDUCED;
    }
    return resolve(struct.name(), property, property.schema());
  }

  private static TypeNode resolve(String owner, Property property, FieldSchema schema) {
    return switch (schema) {
      case ObjectSchema object ->
          ListTypes.atomicStruct(owner, property.name(), object) ? LEAF : of(object);
      case MapSchema map -> ListTypes.atomicMap(owner, property.name())
          ? LEAF
          : new TypeNode(Kind.MAP, null, valueType(map.values()), null, null);
      case ArraySchema array -> {
        ListType type = ListTypes.of(owner, property);
        if (type.kind() == ListType.Kind.ATOMIC || array.items() instanceof ArraySchema) {
          yield LEAF;
        }
        String elementSchema = array.items() instanceof ObjectSchema o ? o.name() : null;
        yield new TypeNode(Kind.LIST, null, valueType(array.items()), type, elementSchema);
      }
      case PrimitiveSchema primitive -> LEAF;
      case AnySchema any -> DEDUCED;
    };
  }

  /** Types a map value or list element, which carries no markers of its own. */
  private static TypeNode valueType(FieldSchema schema) {
    return switch (schema) {
      case ObjectSchema object -> ListTypes.atomicStruct("", "", object) ? LEAF : of(object);
      case MapSchema map -> new TypeNode(Kind.MAP, null, valueType(map.values()), null, null);
      case ArraySchema array -> LEAF;
      case PrimitiveSchema primitive -> LEAF;
      case AnySchema any -> DEDUCED;
    };
  }
}
