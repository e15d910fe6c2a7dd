package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A response as fabric8 sees it: status, headers (looked up case-insensitively) and the body to consume. */
final class InProcessHttpResponse extends StandardHttpHeaders implements HttpResponse<AsyncBody> {
  private final HttpRequest request;
  private final int code;
  private final AsyncBody body;

  InProcessHttpResponse(HttpRequest request, int code, Map<String, List<String>> headers, AsyncBody body) {
    super(copy(headers));
    this.request = request;
    this.code = code;
    this.body = body;
  }

  static Map<String, List<String>> copy(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return copy;
  }

  @Override
  public int code() {
    return code;
  }

  @Override
  public AsyncBody body() {
    return body;
  }

  @Override
  public HttpRequest request() {
    return request;
  }

  @Override
  public Optional<HttpResponse<?>> previousResponse() {
    return Optional.empty();
  }
}
