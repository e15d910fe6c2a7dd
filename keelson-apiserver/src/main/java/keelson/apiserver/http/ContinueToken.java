package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;

/**
 * The opaque {@code continue} value of a paginated list: the revision the first page was read at
 * (so every page comes from the same snapshot) and the last key returned. Revision -1 is the
 * token a 410 hands out: go on from the key at whatever the state is then.
 *
 * @param revision the snapshot revision
 * @param lastKey the storage key of the last item already returned
 */
record ContinueToken(long revision, String lastKey) {

  String encode() {
    ObjectNode token = Json.object().put("v", "meta.k8s.io/v1").put("rv", revision).put("start", lastKey);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(token));
  }

  /** Decodes a token; a malformed one is a 400 as kube-apiserver reports it. */
  static ContinueToken decode(String text) {
    try {
      JsonNode token = Json.parse(Base64.getUrlDecoder().decode(text.getBytes(StandardCharsets.US_ASCII)));
      if (!"meta.k8s.io/v1".equals(Json.text(token, "v")) || !token.hasNonNull("rv")
          || token.get("rv").asLong() == 0 || Json.text(token, "start") == null) {
        throw new IllegalArgumentException();
      }
      return new ContinueToken(token.get("rv").asLong(), Json.text(token, "start"));
    } catch (Exception e) {
      throw ApiException.badRequest("continue key is not valid: incorrect encoded start resourceVersion "
          + "(version meta.k8s.io/v1)");
    }
  }
}
