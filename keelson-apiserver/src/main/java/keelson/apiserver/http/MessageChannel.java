package keelson.apiserver.http;

import java.util.concurrent.CompletableFuture;

/**
 * The server's end of a watch's WebSocket: text messages out, a close, and whether the client
 * still listens. A Jetty session ({@link JettyChannel}) or an in-process client ({@link
 * InProcessChannel}).
 */
interface MessageChannel {
  /** Sends one text message; the future completes once the transport took it, in order. */
  CompletableFuture<Void> sendText(String text);

  /** Closes with a WebSocket status code; the future completes once the close went out. */
  CompletableFuture<Void> close(int code, String reason);

  /** Drops the connection without a close handshake. */
  void disconnect();

  /** Returns whether the client may still be listening (false once it closed or failed). */
  boolean open();
}
