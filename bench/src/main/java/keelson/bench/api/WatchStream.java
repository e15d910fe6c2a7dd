package keelson.bench.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * One open watch on a namespace's ConfigMaps. Each ADDED event whose object is named
 * {@code bench-ev-…} is handed to the sink with the time ({@link System#nanoTime()}) its line or
 * message was complete on the client.
 *
 * <p>Events are recognised by substring rather than parsed: with a thousand watchers, parsing every
 * event with Jackson on the client would cost more CPU than the delivery being measured.
 */
final class WatchStream implements AutoCloseable {
  static final String EVENT_PREFIX = "bench-ev-";

  /** Receives one event: which watcher, the object's name, when it arrived. */
  interface Sink {
    void arrived(int watcher, String name, long nanos);
  }

  private final CompletableFuture<Void> opened;
  private volatile Runnable closer = () -> {};

  private WatchStream(CompletableFuture<Void> opened) {
    this.opened = opened;
  }

  /** Completes when the server accepted the watch (200 headers or WebSocket open). */
  CompletableFuture<Void> opened() {
    return opened;
  }

  /** Opens a chunked HTTP/1.1 watch: {@code GET …/configmaps?watch=true&resourceVersion=rv}. */
  static WatchStream chunked(HttpClient http, URI base, String namespace, String resourceVersion, int watcher,
      Sink sink) {
    WatchStream stream = new WatchStream(new CompletableFuture<>());
    String rv = resourceVersion.isEmpty() ? "" : "&resourceVersion=" + resourceVersion;
    HttpRequest request = HttpRequest.newBuilder(
        base.resolve("/api/v1/namespaces/" + namespace + "/configmaps?watch=true" + rv)).GET().build();
    CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, info -> {
      if (info.statusCode() != 200) {
        stream.opened.completeExceptionally(new IllegalStateException("watch answered " + info.statusCode()));
        return HttpResponse.BodySubscribers.discarding();
      }
      stream.opened.complete(null);
      return HttpResponse.BodySubscribers.fromLineSubscriber(new Flow.Subscriber<String>() {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
          stream.closer = subscription::cancel;
          subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
          deliver(line, watcher, sink);
        }

        @Override
        public void onError(Throwable error) {}

        @Override
        public void onComplete() {}
      });
    });
    response.whenComplete((r, e) -> {
      if (e != null) {
        stream.opened.completeExceptionally(e);
      }
    });
    return stream;
  }

  /** Opens a WebSocket watch, the only kind fabric8's mock serves: {@code ws://…/configmaps?watch=true}. */
  static WatchStream webSocket(HttpClient http, URI base, String namespace, int watcher, Sink sink) {
    WatchStream stream = new WatchStream(new CompletableFuture<>());
    URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/api/v1/namespaces/" + namespace
        + "/configmaps?watch=true");
    http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
      private final StringBuilder message = new StringBuilder();

      @Override
      public void onOpen(WebSocket webSocket) {
        stream.closer = webSocket::abort;
        stream.opened.complete(null);
        webSocket.request(1);
      }

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        message.append(data);
        if (last) {
          deliver(message.toString(), watcher, sink);
          message.setLength(0);
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable error) {
        stream.opened.completeExceptionally(error);
      }
    }).whenComplete((ws, e) -> {
      if (e != null) {
        stream.opened.completeExceptionally(e);
      }
    });
    return stream;
  }

  private static void deliver(String event, int watcher, Sink sink) {
    long now = System.nanoTime();
    if (!event.contains("\"type\":\"ADDED\"")) {
      return;
    }
    int at = event.indexOf("\"" + EVENT_PREFIX);
    if (at < 0) {
      return;
    }
    int end = event.indexOf('"', at + 1);
    sink.arrived(watcher, event.substring(at + 1, end), now);
  }

  @Override
  public void close() {
    closer.run();
  }
}
