package keelson.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import keelson.api.time.Rfc3339;

/** Reading and writing the {@code metadata} fields the server owns. */
public final class Metadata {

  private Metadata() {}

  /** Formats a time as Kubernetes writes metav1.Time: RFC 3339 in UTC, whole seconds. */
  public static String timestamp(Instant instant) {
    return Rfc3339.seconds(instant);
  }

  public static String name(JsonNode obj) {
    return Json.text(obj.get("metadata"), "name");
  }

  public static String namespace(JsonNode obj) {
    return Json.text(obj.get("metadata"), "namespace");
  }

  public static String uid(JsonNode obj) {
    return Json.text(obj.get("metadata"), "uid");
  }

  public static String resourceVersion(JsonNode obj) {
    return Json.text(obj.get("metadata"), "resourceVersion");
  }

  /** Returns whether the object carries a deletionTimestamp. */
  public static boolean isDeleting(JsonNode obj) {
    JsonNode meta = obj.get("metadata");
    return meta != null && meta.hasNonNull("deletionTimestamp");
  }

  /** Returns whether the object has at least one finalizer. */
  public static boolean hasFinalizers(JsonNode obj) {
    JsonNode meta = obj.get("metadata");
    JsonNode finalizers = meta == null ? null : meta.get("finalizers");
    return finalizers != null && finalizers.isArray() && !finalizers.isEmpty();
  }

  /** The ObjectMeta collections tagged omitempty in Go: an empty one is not serialized at all. */
  private static final java.util.List<String> OMITTED_WHEN_EMPTY =
      java.util.List.of("labels", "annotations", "finalizers", "ownerReferences");

  /**
   * Removes empty or null labels, annotations, finalizers and ownerReferences, as kube-apiserver's
   * Go types drop them on the way through: a patch that writes {@code annotations: {}} (kubectl
   * diff sends one) leaves no trace, and an update that only does that changes nothing.
   */
  public static ObjectNode dropEmptyCollections(ObjectNode obj) {
    if (obj.get("metadata") instanceof ObjectNode meta) {
      for (String field : OMITTED_WHEN_EMPTY) {
        JsonNode value = meta.get(field);
        if (value != null && (value.isNull() || (value.isContainerNode() && value.isEmpty()))) {
          meta.remove(field);
        }
      }
    }
    return obj;
  }

  /** Removes the server-owned resourceVersion, as objects are stored without it. */
  public static ObjectNode withoutResourceVersion(ObjectNode obj) {
    JsonNode meta = obj.get("metadata");
    if (meta instanceof ObjectNode m) {
      m.remove("resourceVersion");
    }
    return obj;
  }
}
