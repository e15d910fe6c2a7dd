package keelson.controllers.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The garbage collector's only I/O: live reads and the writes it makes. Implementations throw
 * (any runtime exception) on failures worth retrying, such as conflicts or an unreachable server.
 */
public interface GarbageCollectorActions {

  /**
   * Reads the object with the reference's kind, namespace and name, whatever its uid.
   *
   * @return the object, or empty if none has that name
   * @throws IllegalStateException if the kind is not served (the caller retries later)
   */
  Optional<GraphNode> get(ObjectRef ref);

  /** Deletes the object if its uid is still {@code ref.uid()}; a missing object is not an error. */
  void delete(ObjectRef ref, String propagationPolicy);

  /**
   * Replaces the owner references of the object with {@code ref.uid()} by {@code change} applied to
   * them; does nothing if the object is gone or has another uid.
   */
  void updateOwnerReferences(ObjectRef ref, UnaryOperator<List<OwnerReference>> change);

  /** Removes a finalizer from the object with {@code ref.uid()}; does nothing if it is gone. */
  void removeFinalizer(ObjectRef ref, String finalizer);
}
