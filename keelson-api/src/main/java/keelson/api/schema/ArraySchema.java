package keelson.api.schema;

import java.util.Objects;

/**
 * A JSON array whose elements all have the schema {@code items}.
 *
 * <p>How a strategic merge patch combines two such arrays is a property of the field holding the
 * array, not of the array, so it lives on {@link Property#patch()}.
 */
public record ArraySchema(FieldSchema items) implements FieldSchema {
  public ArraySchema {
    Objects.requireNonNull(items, "items");
  }
}
