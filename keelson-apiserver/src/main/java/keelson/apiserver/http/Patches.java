package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.registry.ResourceType;
import keelson.api.schema.Schemas;
import keelson.apiserver.patch.JsonMergePatch;
import keelson.apiserver.patch.JsonPatch;
import keelson.apiserver.patch.PatchException;
import keelson.apiserver.patch.StrategicMergePatch;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;

/** Applies a patch of any supported format to an object. */
final class Patches {
  private Patches() {}

  /**
   * Returns {@code current} with {@code patch} applied; {@code current} is null when a server-side
   * apply creates the object.
   *
   * <p>{@code current} must be the caller's own tree (the registry hands each write a copy of the
   * stored object, a view or Scale is built afresh): the patch is applied to it in place, and it
   * should not be used afterwards. The result never shares a node with {@code patch}, which a
   * retried write applies again.
   */
  static ObjectNode apply(PatchFormat format, ResourceType type, ObjectNode current, JsonNode patch) {
    try {
      JsonNode result = switch (format) {
        case JSON_PATCH -> JsonPatch.applyTo(current, patch);
        case MERGE -> merge(current, patch);
        case STRATEGIC -> StrategicMergePatch.applyTo(current == null ? Json.object() : current, patch,
            Schemas.of(type));
        // Server-side apply goes through FieldManager; only the scale subresource still merges.
        case APPLY -> current == null ? patch.deepCopy() : merge(current, patch);
      };
      if (!(result instanceof ObjectNode object)) {
        throw ApiException.badRequest("the patch produced something other than an object");
      }
      return object;
    } catch (PatchException e) {
      // A malformed patch is a 400; a JSON patch that does not fit the object is kube-apiserver's
      // generic 422, which drops the reason.
      throw e.statusCode() == 422 ? ApiException.rejected() : ApiException.badRequest(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage() == null ? "invalid patch" : e.getMessage());
    }
  }

  /** A JSON merge patch: an object patch merges into {@code current}, anything else replaces it. */
  private static JsonNode merge(ObjectNode current, JsonNode patch) {
    if (!(patch instanceof ObjectNode object)) {
      return patch.deepCopy();
    }
    return JsonMergePatch.applyTo(current == null ? Json.object() : current, object);
  }
}
