package keelson.apiserver.http;

import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A watch's WebSocket over Jetty: the session, and the endpoint that notes the client's close. */
final class JettyChannel implements MessageChannel {
  private final Session session;
  private final WatchSocketEndpoint endpoint;

  JettyChannel(Session session, WatchSocketEndpoint endpoint) {
    this.session = session;
    this.endpoint = endpoint;
  }

  @Override
  public CompletableFuture<Void> sendText(String text) {
    Callback.Completable sent = new Callback.Completable();
    session.sendText(text, sent);
    return sent;
  }

  @Override
  public CompletableFuture<Void> close(int code, String reason) {
    Callback.Completable closed = new Callback.Completable();
    session.close(code, reason, closed);
    return closed;
  }

  @Override
  public void disconnect() {
    session.disconnect();
  }

  @Override
  public boolean open() {
    return !endpoint.closed() && session.isOpen();
  }
}
