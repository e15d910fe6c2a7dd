package keelson.apiserver.http;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;

/** A watch as one chunked HTTP response: lines are gathered and written as one chunk per flush. */
final class ChunkedWatchSink implements WatchSink {
  private final HttpExchange exchange;
  private final String contentType;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  /** The one line sent since the last flush while there is only one: written as it is, uncopied. */
  private byte[] single;

  ChunkedWatchSink(HttpExchange exchange, String contentType) {
    this.exchange = exchange;
    this.contentType = contentType;
  }

  @Override
  public void start() {
    guarded(() -> exchange.startStream(contentType));
  }

  @Override
  public void send(byte[] line) {
    if (single == null && pending.size() == 0) {
      single = line;
      return;
    }
    if (single != null) {
      pending.writeBytes(single);
      single = null;
    }
    pending.writeBytes(line);
  }

  @Override
  public void flush() {
    byte[] chunk;
    if (single != null) {
      chunk = single;
      single = null;
    } else if (pending.size() > 0) {
      chunk = pending.toByteArray();
      pending.reset();
    } else {
      return;
    }
    guarded(() -> exchange.stream(chunk));
  }

  @Override
  public boolean open() {
    // A closed connection shows only when writing to it, which the next event or bookmark does.
    return true;
  }

  @Override
  public void end() {
    flush();
    guarded(exchange::endStream);
  }

  private static void guarded(Runnable write) {
    try {
      write.run();
    } catch (UncheckedIOException e) {
      throw new ClientGone(e);
    }
  }
}
