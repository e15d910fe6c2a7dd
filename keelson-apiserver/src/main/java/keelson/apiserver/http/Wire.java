package keelson.apiserver.http;

import java.io.IOException;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Fields;

/**
 * The few transport operations an {@link HttpExchange} needs: the request's line, headers and body,
 * and the response's status, headers and (possibly streamed) body, or a WebSocket upgrade. Jetty
 * carries them over sockets ({@link JettyWire}); {@link InProcessWire} hands them to a client in
 * the same JVM. Everything above this interface (routing, authentication, admission, watches) is
 * the same for both.
 */
interface Wire {
  String method();

  /** The decoded path, without the query. */
  String path();

  /** The decoded query parameters. */
  Fields query();

  /** Returns a request header (names compare case-insensitively), or null. */
  String header(String name);

  /** Reads the whole request body. */
  byte[] body() throws IOException;

  void status(int status);

  /** Sets a response header, replacing any of the same name. */
  void putHeader(String name, String value);

  /** Adds a response header beside any of the same name. */
  void addHeader(String name, String value);

  /**
   * Writes part of the response body and blocks until the transport took it; the first write
   * commits status and headers.
   *
   * @param last whether this ends the response
   * @throws IOException when the client went away
   */
  void write(boolean last, byte[] bytes) throws IOException;

  /**
   * Answers with a WebSocket upgrade. Once the socket is open, {@code onOpen} is called with the
   * channel to send messages on, after the handler returned.
   *
   * @param subprotocol the subprotocol to accept, or null
   * @return false when the request is not a valid WebSocket handshake (nothing was sent)
   */
  boolean upgrade(String subprotocol, String contentType, Consumer<MessageChannel> onOpen);

  /** Ends the exchange once the handler returned (not called after an upgrade). */
  void complete();
}
