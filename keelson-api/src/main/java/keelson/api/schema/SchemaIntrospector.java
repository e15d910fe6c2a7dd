package keelson.api.schema;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Modifier;
import java.time.temporal.Temporal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads object schemas from fabric8 model classes through Jackson's view of them, so property names
 * are exactly the serialized ones.
 *
 * <p>Thread-safe. Each class is introspected once: a whole graph of nested classes is built under a
 * lock, then published to a concurrent map, so readers never see a half-built schema.
 */
final class SchemaIntrospector {
  /** fabric8's catch-all for fields it does not model; Kubernetes has no such field. */
  private static final String CATCH_ALL = "additionalProperties";

  /** String fields that hold meta/v1 Time values; fabric8 types most of them as plain strings. */
  private static final Set<String> TIME_FIELDS =
      Set.of(
          "creationTimestamp", "deletionTimestamp", "lastTransitionTime", "lastProbeTime",
          "lastHeartbeatTime", "startedAt", "finishedAt", "startTime", "firstTimestamp",
          "lastTimestamp", "lastUpdateTime", "lastScaleTime");

  /** Fields whose fabric8 type loses what Kubernetes declares, keyed by schema name and field. */
  private static final Map<String, FieldSchema> OVERRIDES =
      Map.of(
          "io.k8s.api.apps.v1.ControllerRevision#data", AnySchema.named(KubernetesNames.RAW_EXTENSION),
          "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent#object",
              AnySchema.named(KubernetesNames.RAW_EXTENSION),
          "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry#time", PrimitiveSchema.DATE_TIME,
          "io.k8s.api.coordination.v1.LeaseSpec#acquireTime", PrimitiveSchema.MICRO_TIME,
          "io.k8s.api.coordination.v1.LeaseSpec#renewTime", PrimitiveSchema.MICRO_TIME,
          "io.k8s.api.core.v1.Secret#data", new MapSchema(PrimitiveSchema.BYTES),
          "io.k8s.api.core.v1.ConfigMap#binaryData", new MapSchema(PrimitiveSchema.BYTES));

  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<Class<?>, ObjectSchema> published = new ConcurrentHashMap<>();

  /** Returns the schema of a fabric8 model class, building it and its nested classes on first use. */
  ObjectSchema objectSchema(Class<?> modelClass) {
    ObjectSchema ready = published.get(modelClass);
    if (ready != null) {
      return ready;
    }
    synchronized (this) {
      ready = published.get(modelClass);
      if (ready != null) {
        return ready;
      }
      Map<Class<?>, ObjectSchema> building = new HashMap<>();
      ObjectSchema root = build(modelClass, building);
      published.putAll(building);
      return root;
    }
  }

  private ObjectSchema build(Class<?> modelClass, Map<Class<?>, ObjectSchema> building) {
    ObjectSchema known = published.get(modelClass);
    if (known == null) {
      known = building.get(modelClass);
    }
    if (known != null) {
      return known;
    }
    String name = KubernetesNames.of(modelClass);
    ObjectSchema schema = new ObjectSchema(name, modelClass);
    // Registered before its fields so that a field referring back to this class finds it.
    building.put(modelClass, schema);
    BeanDescription bean =
        mapper.getDeserializationConfig().introspect(mapper.constructType(modelClass));
    for (BeanPropertyDefinition definition : bean.findProperties()) {
      String field = definition.getName();
      if (field.equals(CATCH_ALL)) {
        continue;
      }
      FieldSchema fieldSchema = OVERRIDES.get(name + "#" + field);
      if (fieldSchema == null) {
        fieldSchema = fieldSchema(definition.getPrimaryType(), building);
        if (fieldSchema == PrimitiveSchema.STRING && TIME_FIELDS.contains(field)) {
          fieldSchema = PrimitiveSchema.DATE_TIME;
        }
      }
      schema.define(
          new Property(
              field,
              fieldSchema,
              RequiredFields.isRequired(name, field),
              PatchStrategies.of(name, field)));
    }
    return schema;
  }

  private FieldSchema fieldSchema(JavaType type, Map<Class<?>, ObjectSchema> building) {
    Class<?> raw = type.getRawClass();
    if (raw == byte[].class) {
      return PrimitiveSchema.BYTES;
    }
    if (type.isArrayType() || type.isCollectionLikeType()) {
      return new ArraySchema(fieldSchema(type.getContentType(), building));
    }
    if (type.isMapLikeType()) {
      return new MapSchema(fieldSchema(type.getContentType(), building));
    }
    FieldSchema scalar = scalar(raw);
    if (scalar != null) {
      return scalar;
    }
    if (raw == FieldsV1.class) {
      return AnySchema.named(KubernetesNames.FIELDS_V1);
    }
    boolean modelled =
        raw.getPackageName().startsWith("io.fabric8.kubernetes.api.model")
            && !raw.isInterface()
            && !Modifier.isAbstract(raw.getModifiers());
    // Object, JsonNode and fabric8's KubernetesResource interface hold arbitrary embedded JSON.
    return modelled ? build(raw, building) : AnySchema.ANY;
  }

  private static FieldSchema scalar(Class<?> raw) {
    if (raw == String.class || raw.isEnum() || raw == Character.class) {
      return PrimitiveSchema.STRING;
    }
    if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
      return PrimitiveSchema.INT32;
    }
    if (raw == Long.class || raw == long.class) {
      return PrimitiveSchema.INT64;
    }
    if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
        || raw == java.math.BigDecimal.class) {
      return PrimitiveSchema.NUMBER;
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return PrimitiveSchema.BOOLEAN;
    }
    if (raw == IntOrString.class) {
      return PrimitiveSchema.INT_OR_STRING;
    }
    if (raw == Quantity.class) {
      return PrimitiveSchema.QUANTITY;
    }
    if (raw == MicroTime.class) {
      return PrimitiveSchema.MICRO_TIME;
    }
    if (Temporal.class.isAssignableFrom(raw)) {
      return PrimitiveSchema.DATE_TIME;
    }
    if (JsonNode.class.isAssignableFrom(raw)) {
      return AnySchema.ANY;
    }
    return null;
  }
}
