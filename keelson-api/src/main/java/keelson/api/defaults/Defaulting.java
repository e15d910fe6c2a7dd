package keelson.api.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.registry.ResourceType;

/** Applies kube-apiserver's defaults for a kind, in place. */
public final class Defaulting {
  private Defaulting() {}

  /** Fills unset fields of {@code obj} with the defaults of its kind. */
  public static void apply(ResourceType type, ObjectNode obj) {
    throw new UnsupportedOperationException("not yet written");
  }
}
