package keelson.apiserver.http;

import java.util.concurrent.CompletableFuture;

/**
 * The client's end of an in-process WebSocket: the watch sends each event as one text message, as
 * it does over a real WebSocket. Implemented by the client transport.
 */
public interface InProcessSocket {
  /**
   * Takes one message, in order. The future completes once the client has taken it; the watch
   * waits on it before it sends more, as it waits on a socket write.
   */
  CompletableFuture<Void> text(String message);

  /** The server closes the socket with a WebSocket status code (1006 when it drops it); nothing follows. */
  void close(int code, String reason);

  /** Returns whether the client may still be listening (false once it closed its side). */
  boolean open();
}
