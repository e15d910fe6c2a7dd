package keelson.api.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.registry.ResourceType;

/**
 * The per-kind create and update preparation of kube-apiserver's registry strategies: which parts
 * of an object a write through the main resource or the status subresource may change, and the
 * bookkeeping fields the server owns.
 */
public final class Preparation {
  private Preparation() {}

  /** Prepares a new object for storage: resets status as the kind's strategy does, sets generation. */
  public static void forCreate(ResourceType type, ObjectNode obj) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Prepares an update through the main resource: keeps the old status, bumps generation on spec change. */
  public static void forUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Prepares an update through the status subresource: keeps everything of {@code old} but status. */
  public static void forStatusUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
    throw new UnsupportedOperationException("not yet written");
  }
}
