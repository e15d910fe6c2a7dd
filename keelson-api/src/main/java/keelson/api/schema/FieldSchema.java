package keelson.api.schema;

/**
 * The shape of one field's value, as Kubernetes' Go types declare it.
 *
 * <p>Schemas are immutable once {@link Schemas} hands them out, and shared between threads.
 */
public sealed interface FieldSchema
    permits ObjectSchema, ArraySchema, MapSchema, PrimitiveSchema, AnySchema {}
