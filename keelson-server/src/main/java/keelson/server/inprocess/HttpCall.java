package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import keelson.apiserver.http.InProcessResponse;
import keelson.apiserver.http.InProcessSocket;

/**
 * One plain request's response. A whole response is handed over when the handler returned, on the
 * request's own thread; a streamed one (a chunked watch) as soon as it starts, on the client's
 * executor, and then each chunk waits until the consumer took it, as a socket write waits for room.
 */
final class HttpCall implements InProcessResponse {
  private final HttpRequest request;
  private final ResponseBody body;
  private final Executor executor;
  private final CompletableFuture<HttpResponse<AsyncBody>> response = new CompletableFuture<>();
  private InProcessHttpResponse head;
  private boolean streaming;

  HttpCall(HttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer, Executor executor) {
    this.request = request;
    this.body = new ResponseBody(consumer, executor);
    this.executor = executor;
  }

  CompletableFuture<HttpResponse<AsyncBody>> response() {
    return response;
  }

  @Override
  public void head(int status, Map<String, List<String>> headers) {
    head = new InProcessHttpResponse(request, status, headers, body);
  }

  @Override
  public void content(byte[] bytes, boolean last) throws IOException {
    if (!streaming) {
      if (last) {
        body.offer(bytes, true);
        return;
      }
      streaming = true;
      InProcessHttpResponse started = head;
      executor.execute(() -> response.complete(started));
    }
    CompletableFuture<Void> taken = body.offer(bytes, last);
    if (last) {
      return;
    }
    try {
      taken.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the client read the response");
    }
  }

  @Override
  public InProcessSocket upgraded(Map<String, List<String>> headers) {
    throw new IllegalStateException("a plain request cannot be upgraded to a WebSocket");
  }

  /** Once the handler returned, on the request's thread: hands over a whole response. */
  void finish() {
    if (streaming) {
      return;
    }
    if (head == null) {
      response.completeExceptionally(new IOException("the API server sent no response"));
    } else {
      response.complete(head);
    }
  }

  void fail(Throwable cause) {
    response.completeExceptionally(cause);
    body.cancel();
  }
}
