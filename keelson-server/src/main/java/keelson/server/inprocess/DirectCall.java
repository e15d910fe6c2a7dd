package keelson.server.inprocess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import keelson.apiserver.http.InProcessResponse;
import keelson.apiserver.http.InProcessSocket;
import keelson.controllers.runtime.DirectRequests;

/** The answer to one direct request, collected whole on the request's thread. */
final class DirectCall implements InProcessResponse {
  private int status = -1;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);

  @Override
  public void head(int status, Map<String, List<String>> headers) {
    this.status = status;
  }

  @Override
  public void content(byte[] bytes, boolean last) {
    body.writeBytes(bytes);
  }

  @Override
  public InProcessSocket upgraded(Map<String, List<String>> headers) {
    throw new IllegalStateException("a direct request cannot be upgraded to a WebSocket");
  }

  DirectRequests.Answer answer() throws IOException {
    if (status < 0) {
      throw new IOException("the API server sent no response");
    }
    return new DirectRequests.Answer(status, body.toByteArray());
  }
}
