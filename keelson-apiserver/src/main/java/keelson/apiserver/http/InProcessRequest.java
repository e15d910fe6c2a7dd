package keelson.apiserver.http;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request handed to the API server by a client in the same process, as it would have gone over
 * HTTP: method, URI (only path and query matter), headers and body.
 *
 * @param headers header values by name; names compare case-insensitively
 * @param body the request body, empty for none
 */
public record InProcessRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
  public InProcessRequest {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.merge(name, List.copyOf(values),
        (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
    headers = java.util.Collections.unmodifiableMap(copy);
    body = body == null ? new byte[0] : body;
  }

  /** Returns the first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
