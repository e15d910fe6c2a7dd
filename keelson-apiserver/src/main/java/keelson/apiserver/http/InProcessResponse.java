package keelson.apiserver.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where the API server writes the response to an in-process request: what a socket would carry,
 * without the bytes of HTTP framing. Implemented by the client transport.
 */
public interface InProcessResponse {
  /** The status and headers, once, before any content. */
  void head(int status, Map<String, List<String>> headers);

  /**
   * Part of the body (all of it for a plain response, one chunk of a streamed one). May block until
   * the client took it: that is the stream's back-pressure.
   *
   * @param last whether the response ends here
   * @throws IOException when the client went away (the server stops writing)
   */
  void content(byte[] bytes, boolean last) throws IOException;

  /**
   * The request was answered with a WebSocket upgrade (status 101): returns the client's end,
   * which receives the watch's messages once the handler returned.
   */
  InProcessSocket upgraded(Map<String, List<String>> headers);
}
