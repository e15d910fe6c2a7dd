package keelson.apiserver.http;

import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The server side of a watch's WebSocket: it starts the watch when the connection opens and notes
 * when the client closes or fails (a watching client sends nothing). Public because Jetty invokes
 * its callbacks through a public lookup.
 */
public final class WatchSocketEndpoint extends Session.Listener.AbstractAutoDemanding {
  private volatile Consumer<Session> onOpen = session -> { };
  private volatile boolean closed;

  WatchSocketEndpoint() {}

  void onOpen(Consumer<Session> action) {
    this.onOpen = action;
  }

  /** Returns whether the client closed the connection or it failed. */
  boolean closed() {
    return closed;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    super.onWebSocketOpen(session);
    onOpen.accept(session);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closed = true;
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    closed = true;
  }
}
