package keelson.bench.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The benchmark's API client: java.net.http over HTTP/1.1, JSON bodies as strings, no credentials
 * (Keelson admits loopback requests without them). Calls throw with the body when the status is
 * not the expected one.
 */
final class Kube implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final String base;

  Kube(String baseUrl) {
    this.base = baseUrl;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** POSTs {@code json} to {@code path} and expects 201. */
  void create(String path, String json) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)), 201);
  }

  /**
   * POSTs {@code json} to {@code path} on a plain connection of the calling thread (see
   * {@link PlainHttpConnection}) and expects 201.
   */
  static void create(PlainHttpConnection connection, String path, String json) throws IOException {
    PlainHttpConnection.Response response = connection.post(path, json.getBytes(StandardCharsets.UTF_8));
    if (response.status() != 201) {
      throw new IOException("POST " + path + ": expected 201, got " + response.status() + ": " + response.text());
    }
  }

  /** Opens a plain keep-alive connection to the server, for one thread's requests. */
  PlainHttpConnection connection() {
    return new PlainHttpConnection(URI.create(base));
  }

  /** GETs {@code path} (an object or a LIST) and parses it. */
  JsonNode get(String path) throws IOException, InterruptedException {
    return JSON.readTree(send(HttpRequest.newBuilder(uri(path)).GET(), 200));
  }

  /** Returns how many items of a LIST of Nodes have the condition Ready=True. */
  int readyNodes() throws IOException, InterruptedException {
    int ready = 0;
    for (JsonNode node : get("/api/v1/nodes").path("items")) {
      if (Manifests.isConditionTrue(node, "Ready")) {
        ready++;
      }
    }
    return ready;
  }

  /**
   * Opens a chunked watch ({@code path?watch=true&resourceVersion=rv}) and hands every event (its
   * line's bytes, {@code {"type":…,"object":…}}, undecoded: each sink reads what it needs) to {@code sink}
   * with the {@link System#nanoTime()} its line was complete, on the client's reader thread. The
   * returned watch counts events and bytes.
   */
  Watch watch(String path, String resourceVersion, EventSink sink) {
    Watch watch = new Watch();
    HttpRequest request = HttpRequest.newBuilder(uri(path + "?watch=true&allowWatchBookmarks=false"
        + "&timeoutSeconds=600&resourceVersion=" + resourceVersion)).GET().build();
    CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, info -> {
      if (info.statusCode() != 200) {
        watch.ended.completeExceptionally(new IllegalStateException("watch " + path + " answered " + info.statusCode()));
        return HttpResponse.BodySubscribers.discarding();
      }
      ByteLines lines = new ByteLines((bytes, offset, length) -> {
        long now = System.nanoTime();
        if (length == 0 || (length == 1 && bytes[offset] == '\r')) {
          return;
        }
        watch.events.incrementAndGet();
        watch.bytes.addAndGet(length);
        try {
          sink.event(bytes, offset, length, now);
        } catch (IOException | RuntimeException e) {
          watch.ended.completeExceptionally(e);
        }
      });
      return HttpResponse.BodySubscribers.fromSubscriber(new Flow.Subscriber<List<ByteBuffer>>() {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
          watch.cancel = subscription::cancel;
          subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
          lines.accept(buffers);
        }

        @Override
        public void onError(Throwable error) {
          watch.ended.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
          lines.finish();
          watch.ended.complete(null);
        }
      });
    });
    response.whenComplete((r, e) -> {
      if (e != null) {
        watch.ended.completeExceptionally(e);
      }
    });
    return watch;
  }

  /**
   * Receives one watch event, its line's UTF-8 bytes (valid only during the call), and its arrival
   * time.
   */
  interface EventSink {
    void event(byte[] line, int offset, int length, long nanos) throws IOException;
  }

  /** An open watch: ends when the server closes it or on an error. */
  static final class Watch implements AutoCloseable {
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    final AtomicLong events = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    private volatile Runnable cancel = () -> {};
    private volatile boolean closed;

    /** Runs {@code onEnd} if the watch ends before {@link #close} (it should outlive the scenario). */
    void onEnd(Consumer<Throwable> onEnd) {
      ended.whenComplete((ok, e) -> {
        if (!closed) {
          onEnd.accept(e);
        }
      });
    }

    @Override
    public void close() {
      closed = true;
      cancel.run();
    }
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  private byte[] send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != expected) {
      throw new IOException(response.request().method() + " " + response.uri() + ": expected " + expected
          + ", got " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
