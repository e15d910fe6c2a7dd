package keelson.api.schema;

import keelson.api.registry.ResourceType;

/**
 * Entry point to the field schemas of served kinds.
 *
 * <p>Schemas are built from fabric8's model classes on first use and cached for the life of the
 * JVM; later calls are a map lookup. Safe to call from any thread.
 */
public final class Schemas {
  private static final SchemaIntrospector INTROSPECTOR = new SchemaIntrospector();

  private Schemas() {}

  /** Returns the schema of a served kind's objects. */
  public static ObjectSchema of(ResourceType type) {
    return of(type.model());
  }

  /**
   * Returns the schema of a fabric8 model class.
   *
   * @throws IllegalArgumentException if the class is not in a package Keelson knows a Kubernetes
   *     name for
   */
  public static ObjectSchema of(Class<?> modelClass) {
    return INTROSPECTOR.objectSchema(modelClass);
  }
}
