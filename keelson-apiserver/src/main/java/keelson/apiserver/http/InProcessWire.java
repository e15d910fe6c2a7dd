package keelson.apiserver.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * An exchange with a client in the same process: the request arrives as values, the response goes
 * to an {@link InProcessResponse}, and a WebSocket upgrade hands the watch an {@link
 * InProcessChannel}. Nothing is parsed or framed.
 */
final class InProcessWire implements Wire {
  private final InProcessRequest request;
  private final InProcessResponse response;
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private int status = 200;
  private boolean headSent;
  private Runnable opened;

  InProcessWire(InProcessRequest request, InProcessResponse response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String path() {
    String path = request.uri().getPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  @Override
  public Fields query() {
    Fields fields = new Fields(true);
    String raw = request.uri().getRawQuery();
    if (raw != null && !raw.isEmpty()) {
      UrlEncoded.decodeUtf8To(raw, fields);
    }
    return fields;
  }

  @Override
  public String header(String name) {
    return request.header(name);
  }

  @Override
  public byte[] body() {
    return request.body();
  }

  @Override
  public void status(int status) {
    this.status = status;
  }

  @Override
  public void putHeader(String name, String value) {
    List<String> values = new ArrayList<>(1);
    values.add(value);
    headers.put(name, values);
  }

  @Override
  public void addHeader(String name, String value) {
    headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
  }

  @Override
  public void write(boolean last, byte[] bytes) throws IOException {
    if (!headSent) {
      headSent = true;
      response.head(status, headers);
    }
    response.content(bytes, last);
  }

  @Override
  public boolean upgrade(String subprotocol, String contentType, Consumer<MessageChannel> onOpen) {
    if (subprotocol != null) {
      putHeader("Sec-WebSocket-Protocol", subprotocol);
    }
    putHeader("Content-Type", contentType);
    InProcessSocket socket = response.upgraded(headers);
    headSent = true;
    opened = () -> onOpen.accept(new InProcessChannel(socket));
    return true;
  }

  /** Once the handler returned: opens the upgraded socket, as Jetty does after the upgrade response. */
  void afterHandler() {
    if (opened != null) {
      opened.run();
    }
  }

  @Override
  public void complete() {
    if (!headSent) {
      // A handler that wrote nothing: an empty response, as Jetty would send.
      try {
        write(true, new byte[0]);
      } catch (IOException e) {
        // The client went away; nothing is left to tell it.
      }
    }
  }
}
