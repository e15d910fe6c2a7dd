package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keelson.apiserver.http.InProcessRequest;

/** Turns fabric8's requests into the API server's in-process requests, with the headers a socket client adds. */
final class RequestMapping {
  private RequestMapping() {}

  /** A plain request: method (GET when fabric8 leaves it unset), URI, headers, Content-Type and body. */
  static InProcessRequest request(StandardHttpRequest request) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    if (request.getContentType() != null) {
      // fabric8 keeps the content type beside the headers; an HTTP client sends it as one.
      headers.put("Content-Type", List.of(request.getContentType()));
    }
    String method = request.method() == null ? "GET" : request.method();
    return new InProcessRequest(method, request.uri(), headers, body(request.body()));
  }

  /**
   * A WebSocket opening handshake: the request with the headers that make the API server answer
   * with an upgrade, as a WebSocket client's would.
   *
   * @param subprotocol the subprotocol to offer, or null
   */
  static InProcessRequest upgrade(StandardHttpRequest request, String subprotocol) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put("Upgrade", List.of("websocket"));
    headers.put("Connection", List.of("Upgrade"));
    headers.put("Sec-WebSocket-Version", List.of("13"));
    if (subprotocol != null) {
      headers.put("Sec-WebSocket-Protocol", List.of(subprotocol));
    }
    return new InProcessRequest("GET", request.uri(), headers, new byte[0]);
  }

  static byte[] body(StandardHttpRequest.BodyContent body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    if (body instanceof StandardHttpRequest.StringBodyContent string) {
      return string.getContent().getBytes(StandardCharsets.UTF_8);
    }
    if (body instanceof StandardHttpRequest.ByteArrayBodyContent bytes) {
      return bytes.getContent();
    }
    if (body instanceof StandardHttpRequest.InputStreamBodyContent stream) {
      try (InputStream in = stream.getContent()) {
        return in.readAllBytes();
      }
    }
    throw new IOException("unsupported request body " + body.getClass().getName());
  }
}
