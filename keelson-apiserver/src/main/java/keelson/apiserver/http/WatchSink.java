package keelson.apiserver.http;

/**
 * Where a watch's events go: a chunked HTTP response or a WebSocket. Each event is one
 * newline-terminated JSON line; the sink decides how lines are framed and when they are flushed.
 */
interface WatchSink {
  /** Starts the stream (sends the HTTP headers); called once, before any event. */
  void start();

  /** Queues one event line. */
  void send(byte[] line);

  /** Pushes every queued line to the client. */
  void flush();

  /** Returns whether the client may still be listening (false once it closed its side). */
  boolean open();

  /** Ends the stream normally: the client re-watches from the last version it saw. */
  void end();

  /** The client went away while the watch was being written; nothing is left to tell it. */
  final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
      super(null, cause, false, false);
    }
  }
}
