package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.protobuf.ProtobufBodies;
import keelson.apiserver.rest.Json;

/** Decodes request bodies (JSON or YAML) into object trees, with kube-apiserver's 400 wording. */
final class Bodies {
  private Bodies() {}

  /** Decodes a body that must be one object. */
  static ObjectNode object(HttpExchange exchange) {
    byte[] bytes = exchange.body();
    JsonNode node = parse(exchange.contentType(), bytes);
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("Object 'Kind' is missing in '" + new String(bytes,
          java.nio.charset.StandardCharsets.UTF_8) + "'");
    }
    return exchange.inbound(object);
  }

  /** Decodes a body that may be absent (DELETE), returning null when empty. */
  static JsonNode optional(HttpExchange exchange) {
    byte[] bytes = exchange.body();
    if (bytes.length == 0) {
      return null;
    }
    return parse(exchange.contentType(), bytes);
  }

  /** Parses bytes of the given media type. */
  static JsonNode parse(String contentType, byte[] bytes) {
    if (contentType.equals(ProtobufBodies.MEDIA_TYPE)) {
      // kubectl's typed clients (create namespace, create configmap, ...) send protobuf.
      try {
        return ProtobufBodies.decode(bytes);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    try {
      if (contentType.contains("yaml")) {
        return Json.parseYaml(bytes);
      }
      return Json.parse(bytes);
    } catch (IOException e) {
      String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw ApiException.badRequest("the body of the request could not be decoded: " + detail);
    }
  }
}
