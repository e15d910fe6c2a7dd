package keelson.apiserver.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import keelson.apiserver.rest.ApiException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch over WebSocket, as kube-apiserver serves it to clients that ask (fabric8 does by
 * default): each event is one text message holding the same JSON line as the chunked stream, the
 * client sends nothing, and the server closes with 1000 (normal closure) when the watch ends.
 */
final class WebSocketWatchSink implements WatchSink {
  private static final Logger log = LoggerFactory.getLogger(WebSocketWatchSink.class);
  private static final long CLOSE_TIMEOUT_SECONDS = 5;

  private final MessageChannel channel;
  private CompletableFuture<Void> last;

  private WebSocketWatchSink(MessageChannel channel) {
    this.channel = channel;
  }

  /** Returns whether the request asks to upgrade to a WebSocket (the test kube-apiserver applies). */
  static boolean requested(HttpExchange exchange) {
    String upgrade = exchange.header("Upgrade");
    String connection = exchange.header("Connection");
    return upgrade != null && upgrade.trim().equalsIgnoreCase("websocket")
        && connection != null && connection.toLowerCase(Locale.ROOT).contains("upgrade");
  }

  /**
   * Chooses the subprotocol to answer with, as kube-apiserver's WebSocket handshake does for
   * watches: none when none is offered, the one offered when there is exactly one (watches have no
   * channel framing, so its name does not matter), and a refusal when several are offered.
   *
   * @param header the {@code Sec-WebSocket-Protocol} request header, or null
   * @return the subprotocol to accept, or null for none
   */
  static String acceptedSubprotocol(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String[] offered = header.split(",");
    if (offered.length != 1) {
      throw ApiException.badRequest("a watch over WebSocket accepts at most one subprotocol, got \""
          + header.trim() + "\"");
    }
    return offered[0].trim();
  }

  /** The work of one watch over an open WebSocket. */
  interface Body {
    void run(WatchSink sink) throws InterruptedException;
  }

  /**
   * Upgrades the exchange; once the WebSocket is open, runs the body on a virtual thread of its
   * own (Jetty completes the upgrade only after the handler returned).
   *
   * @throws ApiException 400 when the request is not a valid WebSocket handshake
   */
  static void upgrade(HttpExchange exchange, String contentType, Body body) {
    String subprotocol = acceptedSubprotocol(exchange.header("Sec-WebSocket-Protocol"));
    String path = exchange.path();
    boolean upgraded = exchange.upgradeToWebSocket(subprotocol, contentType,
        channel -> Thread.ofVirtual().name("watch-ws").start(() -> {
          WebSocketWatchSink sink = new WebSocketWatchSink(channel);
          try {
            body.run(sink);
          } catch (InterruptedException e) {
            channel.close(StatusCode.SHUTDOWN, "the server is shutting down");
          } catch (RuntimeException e) {
            log.atError().addKeyValue("path", path).addKeyValue("error", e.toString())
                .log("watch over WebSocket failed unexpectedly");
            channel.close(StatusCode.SERVER_ERROR, "internal error");
          }
        }));
    if (!upgraded) {
      throw ApiException.badRequest("the request is not a valid WebSocket handshake");
    }
  }

  @Override
  public void start() {
    // The 101 response was the start.
  }

  @Override
  public void send(byte[] line) {
    last = channel.sendText(new String(line, StandardCharsets.UTF_8));
  }

  @Override
  public void flush() {
    // Messages go out in order, so the last one done means all are; waiting here keeps a slow
    // client from piling up unsent events, as the blocking chunked writes do.
    if (last == null) {
      return;
    }
    try {
      last.get();
    } catch (ExecutionException e) {
      throw new ClientGone(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientGone(e);
    } finally {
      last = null;
    }
  }

  @Override
  public boolean open() {
    return channel.open();
  }

  @Override
  public void end() {
    flush();
    CompletableFuture<Void> closed = channel.close(StatusCode.NORMAL, null);
    try {
      closed.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      channel.disconnect();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.disconnect();
    }
  }
}
