package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.HttpClient;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import keelson.apiserver.http.InProcessRequest;
import keelson.apiserver.http.InProcessResponse;

/**
 * Makes fabric8 clients whose requests are served by an API server in this process (pass it to
 * {@code KubernetesClientBuilder.withHttpClientFactory}). The client still needs a master URL:
 * only its path and query are used.
 */
public final class InProcessHttpClientFactory implements HttpClient.Factory {
  /** Serves one request: {@code ApiServer::serveInProcess}. */
  @FunctionalInterface
  public interface Endpoint {
    void serve(InProcessRequest request, InProcessResponse response);
  }

  private final Endpoint endpoint;
  private final Executor executor;

  public InProcessHttpClientFactory(Endpoint endpoint) {
    this.endpoint = endpoint;
    // Requests and deliveries run on virtual threads: cheap to start, and a blocked one (a
    // streaming watch, a consumer that waits) holds no platform thread.
    ThreadFactory threads = Thread.ofVirtual().name("api-inprocess-", 0).factory();
    this.executor = task -> threads.newThread(task).start();
  }

  @Override
  public InProcessHttpClientBuilder newBuilder() {
    return new InProcessHttpClientBuilder(this);
  }

  Endpoint endpoint() {
    return endpoint;
  }

  Executor executor() {
    return executor;
  }
}
