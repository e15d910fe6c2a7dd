package keelson.controllers.runtime;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A transport that carries a whole request and its whole answer as bytes, without fabric8's
 * request, interceptor and response objects: the in-process one offers it. {@link WriteOnlyClient}
 * uses it for the components' most frequent writes; everything else goes through fabric8.
 */
public interface DirectRequests {
  /** A whole answer: its status code and body. */
  record Answer(int code, byte[] body) {}

  /**
   * Sends one request (not a watch) and returns its answer.
   *
   * @param headers every header to send, credentials and User-Agent included
   * @throws IOException if the request could not be carried
   */
  Answer send(String method, URI uri, Map<String, List<String>> headers, byte[] body) throws IOException;
}
