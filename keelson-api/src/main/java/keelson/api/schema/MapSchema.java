package keelson.api.schema;

import java.util.Objects;

/** A JSON object used as a map from free-form string keys to values of the schema {@code values}. */
public record MapSchema(FieldSchema values) implements FieldSchema {
  public MapSchema {
    Objects.requireNonNull(values, "values");
  }
}
