package keelson.bench.workloads;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a byte stream into newline-terminated lines without decoding it: a watch's events are JSON,
 * which the parsers read straight from UTF-8 bytes. The JDK's line subscriber decodes every byte to
 * a char and searches a StringBuilder char by char; on the pods scenario's 35 MB of events that was
 * most of the client's CPU, taken from the two cores it shares with the server.
 */
final class ByteLines {
  /** Receives each line (without its newline); the array is reused after the call returns. */
  interface Sink {
    void line(byte[] bytes, int offset, int length);
  }

  private final Sink sink;
  private byte[] pending = new byte[64 * 1024];
  private int pendingLength;

  ByteLines(Sink sink) {
    this.sink = sink;
  }

  /** Feeds the next buffers of the stream; complete lines go to the sink at once. */
  void accept(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      accept(buffer);
    }
  }

  private void accept(ByteBuffer buffer) {
    int needed = pendingLength + buffer.remaining();
    if (needed > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(needed, pending.length * 2));
    }
    int searchFrom = pendingLength;
    buffer.get(pending, pendingLength, buffer.remaining());
    pendingLength = needed;
    int lineStart = 0;
    for (int i = searchFrom; i < pendingLength; i++) {
      if (pending[i] == '\n') {
        sink.line(pending, lineStart, i - lineStart);
        lineStart = i + 1;
      }
    }
    if (lineStart > 0) {
      System.arraycopy(pending, lineStart, pending, 0, pendingLength - lineStart);
      pendingLength -= lineStart;
    }
  }

  /** Hands over a last line that had no newline, as a line reader would. */
  void finish() {
    if (pendingLength > 0) {
      sink.line(pending, 0, pendingLength);
      pendingLength = 0;
    }
  }
}
