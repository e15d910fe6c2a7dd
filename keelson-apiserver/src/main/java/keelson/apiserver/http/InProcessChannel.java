package keelson.apiserver.http;

import java.util.concurrent.CompletableFuture;

/** A watch's WebSocket to a client in the same process: messages go straight to its end. */
final class InProcessChannel implements MessageChannel {
  /** The status a WebSocket reports when the connection dropped without a close (RFC 6455). */
  private static final int ABNORMAL_CLOSURE = 1006;

  private final InProcessSocket socket;

  InProcessChannel(InProcessSocket socket) {
    this.socket = socket;
  }

  @Override
  public CompletableFuture<Void> sendText(String text) {
    return socket.text(text);
  }

  @Override
  public CompletableFuture<Void> close(int code, String reason) {
    socket.close(code, reason);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void disconnect() {
    socket.close(ABNORMAL_CLOSURE, "disconnected");
  }

  @Override
  public boolean open() {
    return socket.open();
  }
}
