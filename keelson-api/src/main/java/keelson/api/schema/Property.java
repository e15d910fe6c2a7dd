package keelson.api.schema;

import java.util.Objects;

/**
 * One field of an object.
 *
 * @param name the field name as it appears in JSON
 * @param schema the shape of the field's value
 * @param required whether Kubernetes' OpenAPI lists the field as required
 * @param patch how a strategic merge patch combines the old and new value of the field
 */
public record Property(String name, FieldSchema schema, boolean required, PatchStrategy patch) {
  public Property {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(patch, "patch");
  }
}
