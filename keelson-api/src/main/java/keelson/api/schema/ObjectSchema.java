package keelson.api.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object with a fixed set of named fields, one Go struct in Kubernetes.
 *
 * <p>Identity is the Kubernetes schema name: one instance exists per model class, so nested schemas
 * are shared and may refer back to an enclosing one.
 */
public final class ObjectSchema implements FieldSchema {
  private final String name;
  private final Class<?> modelClass;
  private final Map<String, Property> properties = new LinkedHashMap<>();
  private final Map<String, Property> view = Collections.unmodifiableMap(properties);

  ObjectSchema(String name, Class<?> modelClass) {
    this.name = name;
    this.modelClass = modelClass;
  }

  /** Returns the Kubernetes schema name, such as {@code io.k8s.api.apps.v1.StatefulSetSpec}. */
  public String name() {
    return name;
  }

  /** Returns the fabric8 model class the schema was read from. */
  public Class<?> modelClass() {
    return modelClass;
  }

  /** Returns the fields in the model's declared order, keyed by JSON name. */
  public Map<String, Property> properties() {
    return view;
  }

  /** Returns the field with the given JSON name, if the object has one. */
  public Optional<Property> property(String jsonName) {
    return Optional.ofNullable(properties.get(jsonName));
  }

  /** Adds a field while the schema is being built, before it is published. */
  void define(Property property) {
    properties.put(property.name(), property);
  }

  @Override
  public String toString() {
    return "ObjectSchema[" + name + "]";
  }
}
