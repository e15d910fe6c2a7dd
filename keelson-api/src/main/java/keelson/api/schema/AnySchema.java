package keelson.api.schema;

import java.util.Optional;

/**
 * A value of any JSON shape whose contents the server does not check, such as a
 * ControllerRevision's {@code data} or a managed-fields entry's {@code fieldsV1}.
 *
 * @param name the Kubernetes schema name when the Go type has one (for example {@code
 *     io.k8s.apimachinery.pkg.runtime.RawExtension}), empty for a bare {@code interface{}}
 */
public record AnySchema(Optional<String> name) implements FieldSchema {
  /** An unnamed free-form value. */
  public static final AnySchema ANY = new AnySchema(Optional.empty());

  /** Returns a free-form value with a Kubernetes schema name. */
  public static AnySchema named(String name) {
    return new AnySchema(Optional.of(name));
  }
}
