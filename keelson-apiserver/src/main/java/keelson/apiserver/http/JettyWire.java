package keelson.apiserver.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/** An exchange over Jetty: HTTP/1.1 or HTTP/2, with WebSocket upgrades for watches. */
final class JettyWire implements Wire {
  private final Request request;
  private final Response response;
  private final Callback callback;

  JettyWire(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    return request.getHttpURI().getPath();
  }

  @Override
  public Fields query() {
    return Request.extractQueryParameters(request);
  }

  @Override
  public String header(String name) {
    return request.getHeaders().get(name);
  }

  @Override
  public byte[] body() throws IOException {
    return Content.Source.asInputStream(request).readAllBytes();
  }

  @Override
  public void status(int status) {
    response.setStatus(status);
  }

  @Override
  public void putHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    response.getHeaders().add(name, value);
  }

  @Override
  public void write(boolean last, byte[] bytes) throws IOException {
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(last, ByteBuffer.wrap(bytes), written);
      written.block();
    }
  }

  @Override
  public boolean upgrade(String subprotocol, String contentType, Consumer<MessageChannel> onOpen) {
    ServerWebSocketContainer container = ServerWebSocketContainer.get(request.getContext());
    if (container == null) {
      return false;
    }
    WatchSocketEndpoint endpoint = new WatchSocketEndpoint();
    endpoint.onOpen(session -> onOpen.accept(new JettyChannel(session, endpoint)));
    return container.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
      if (subprotocol != null) {
        upgradeResponse.setAcceptedSubProtocol(subprotocol);
      }
      upgradeResponse.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      return endpoint;
    }, request, response, callback);
  }

  @Override
  public void complete() {
    callback.succeeded();
  }
}
