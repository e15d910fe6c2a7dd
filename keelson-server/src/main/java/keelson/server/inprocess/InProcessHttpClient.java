package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.StandardWebSocketBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import io.fabric8.kubernetes.client.http.WebSocketUpgradeResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import keelson.apiserver.http.InProcessRequest;
import keelson.controllers.runtime.DirectRequests;

/**
 * fabric8's HTTP client over the in-process API server. A request runs the server's handler on the
 * calling thread, which waits for the answer anyway; a watch (whose answer streams) on a virtual
 * thread of its own, as Jetty runs each request; fabric8's retries, interceptors
 * (credentials, User-Agent) and timeouts are {@link StandardHttpClient}'s, as for any transport.
 */
final class InProcessHttpClient
    extends StandardHttpClient<InProcessHttpClient, InProcessHttpClientFactory, InProcessHttpClientBuilder>
    implements DirectRequests {

  InProcessHttpClient(InProcessHttpClientBuilder builder, AtomicBoolean closed) {
    super(builder, closed);
  }

  private InProcessHttpClientFactory factory() {
    return builder.getClientFactory();
  }

  @Override
  public CompletableFuture<HttpResponse<AsyncBody>> consumeBytesDirect(StandardHttpRequest request,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    InProcessHttpClientFactory factory = factory();
    HttpCall call = new HttpCall(request, consumer, factory.executor());
    if (isClosed()) {
      call.fail(new IOException("the client is closed"));
      return call.response();
    }
    Runnable serve = () -> {
      try {
        InProcessRequest mapped = RequestMapping.request(request);
        factory.endpoint().serve(mapped, call);
        call.finish();
      } catch (IOException | RuntimeException e) {
        call.fail(e);
      }
    };
    if (streams(request)) {
      factory.executor().execute(serve);
    } else {
      // The caller waits for the answer anyway: serving it on the caller's thread saves two
      // thread hand-offs per request (a new thread, then waking the caller), which with a few
      // requests per pod were a tenth of the server's CPU as context switches.
      serve.run();
    }
    return call.response();
  }

  /** A request served on the caller's thread, its answer collected whole, bypassing fabric8's layers. */
  @Override
  public Answer send(String method, URI uri, Map<String, List<String>> headers, byte[] body) throws IOException {
    if (isClosed()) {
      throw new IOException("the client is closed");
    }
    DirectCall call = new DirectCall();
    factory().endpoint().serve(new InProcessRequest(method, uri, headers, body), call);
    return call.answer();
  }

  /**
   * Whether a request's answer streams for as long as the caller reads it (a watch over HTTP), so
   * that it must be served on a thread of its own rather than the caller's.
   */
  static boolean streams(StandardHttpRequest request) {
    String query = request.uri().getRawQuery();
    if (query == null) {
      return false;
    }
    for (String parameter : query.split("&")) {
      if (parameter.equals("watch") || parameter.startsWith("watch=") && !parameter.equals("watch=false")
          && !parameter.equals("watch=0") || parameter.startsWith("follow=") && !parameter.equals("follow=false")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public CompletableFuture<WebSocketResponse> buildWebSocketDirect(StandardWebSocketBuilder webSocketBuilder,
      WebSocket.Listener listener) {
    InProcessHttpClientFactory factory = factory();
    StandardHttpRequest request = webSocketBuilder.asHttpRequest();
    CompletableFuture<WebSocketResponse> response = new CompletableFuture<>();
    if (isClosed()) {
      response.completeExceptionally(new IOException("the client is closed"));
      return response;
    }
    factory.executor().execute(() -> {
      try {
        UpgradeCall call = new UpgradeCall(listener, factory.executor());
        factory.endpoint().serve(RequestMapping.upgrade(request, webSocketBuilder.getSubprotocol()), call);
        InProcessWebSocket socket = call.socket();
        if (socket == null) {
          WebSocketUpgradeResponse refused = new WebSocketUpgradeResponse(request, call.status(), call.headers());
          response.complete(new WebSocketResponse(refused,
              new IOException("the WebSocket handshake was refused with status " + call.status() + ": "
                  + call.refusal())));
          return;
        }
        socket.start();
        response.complete(new WebSocketResponse(new WebSocketUpgradeResponse(request, 101, call.headers()), socket));
      } catch (RuntimeException e) {
        response.completeExceptionally(e);
      }
    });
    return response;
  }

  @Override
  protected void doClose() {
    // Nothing to release: no connections, and the request threads end with their requests.
  }
}
