package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import keelson.apiserver.http.InProcessResponse;
import keelson.apiserver.http.InProcessSocket;

/**
 * The answer to a WebSocket handshake: an upgrade, which yields the socket, or a plain response
 * (a Status error), which fails the handshake as an HTTP client reports it.
 */
final class UpgradeCall implements InProcessResponse {
  private final WebSocket.Listener listener;
  private final Executor executor;
  private final ByteArrayOutputStream refusal = new ByteArrayOutputStream();
  private int status;
  private Map<String, List<String>> headers = Map.of();
  private InProcessWebSocket socket;

  UpgradeCall(WebSocket.Listener listener, Executor executor) {
    this.listener = listener;
    this.executor = executor;
  }

  @Override
  public void head(int status, Map<String, List<String>> headers) {
    this.status = status;
    this.headers = InProcessHttpResponse.copy(headers);
  }

  @Override
  public void content(byte[] bytes, boolean last) {
    refusal.writeBytes(bytes);
  }

  @Override
  public InProcessSocket upgraded(Map<String, List<String>> headers) {
    this.status = 101;
    this.headers = InProcessHttpResponse.copy(headers);
    socket = new InProcessWebSocket(listener, executor);
    return socket;
  }

  int status() {
    return status;
  }

  Map<String, List<String>> headers() {
    return headers;
  }

  /** The upgraded socket, or null when the server refused the handshake. */
  InProcessWebSocket socket() {
    return socket;
  }

  /** The refusal's body (a Status), for the failure's message. */
  String refusal() {
    return refusal.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
