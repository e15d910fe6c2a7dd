package keelson.api.schema;

import java.util.Objects;

/** A scalar field: a string, a number, a boolean, or one of Kubernetes' string-encoded scalars. */
public record PrimitiveSchema(PrimitiveType type) implements FieldSchema {
  public static final PrimitiveSchema STRING = new PrimitiveSchema(PrimitiveType.STRING);
  public static final PrimitiveSchema BYTES = new PrimitiveSchema(PrimitiveType.BYTES);
  public static final PrimitiveSchema INT32 = new PrimitiveSchema(PrimitiveType.INT32);
  public static final PrimitiveSchema INT64 = new PrimitiveSchema(PrimitiveType.INT64);
  public static final PrimitiveSchema NUMBER = new PrimitiveSchema(PrimitiveType.NUMBER);
  public static final PrimitiveSchema BOOLEAN = new PrimitiveSchema(PrimitiveType.BOOLEAN);
  public static final PrimitiveSchema INT_OR_STRING = new PrimitiveSchema(PrimitiveType.INT_OR_STRING);
  public static final PrimitiveSchema QUANTITY = new PrimitiveSchema(PrimitiveType.QUANTITY);
  public static final PrimitiveSchema DATE_TIME = new PrimitiveSchema(PrimitiveType.DATE_TIME);
  public static final PrimitiveSchema MICRO_TIME = new PrimitiveSchema(PrimitiveType.MICRO_TIME);

  public PrimitiveSchema {
    Objects.requireNonNull(type, "type");
  }
}
