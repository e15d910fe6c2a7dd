package keelson.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.Test;

class ChunkedWatchSinkTest {
  /** A transport that records each write as text, "|" marking the last. */
  private static final class RecordingWire implements Wire {
    final List<String> writes = new ArrayList<>();

    @Override
    public void write(boolean last, byte[] bytes) {
      writes.add(new String(bytes, StandardCharsets.UTF_8) + (last ? "|" : ""));
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/api/v1/pods";
    }

    @Override
    public Fields query() {
      return null;
    }

    @Override
    public String header(String name) {
      return null;
    }

    @Override
    public byte[] body() {
      return new byte[0];
    }

    @Override
    public void status(int status) {}

    @Override
    public void putHeader(String name, String value) {}

    @Override
    public void addHeader(String name, String value) {}

    @Override
    public boolean upgrade(String subprotocol, String contentType, Consumer<MessageChannel> onOpen) {
      return false;
    }

    @Override
    public void complete() {}
  }

  private static byte[] line(String text) {
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void eachFlushWritesWhatWasSentSinceTheLastOneAsOneChunkInOrder() {
    RecordingWire wire = new RecordingWire();
    ChunkedWatchSink sink = new ChunkedWatchSink(new HttpExchange(wire), "application/json");
    sink.start();
    sink.send(line("a"));
    sink.flush();
    sink.send(line("b"));
    sink.send(line("c"));
    sink.send(line("d"));
    sink.flush();
    sink.flush();
    sink.send(line("e"));
    sink.end();

    assertThat(wire.writes).containsExactly("", "a\n", "b\nc\nd\n", "e\n", "|");
  }
}
