package keelson.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Optional;

/** Controller references: who controls an object, and the reference a controller sets. */
public final class OwnerReferences {
  private OwnerReferences() {}

  /** Returns the object's controller reference (the one with {@code controller: true}), if any. */
  public static Optional<OwnerReference> controllerOf(HasMetadata object) {
    if (object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    for (OwnerReference ref : object.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(ref.getController())) {
        return Optional.of(ref);
      }
    }
    return Optional.empty();
  }

  /** Returns whether {@code owner} (by uid) is the controller of {@code object}. */
  public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
    return controllerOf(object)
        .map(ref -> ref.getUid().equals(owner.getMetadata().getUid()))
        .orElse(false);
  }

  /** Returns the controller reference a controller puts on what it creates. */
  public static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
