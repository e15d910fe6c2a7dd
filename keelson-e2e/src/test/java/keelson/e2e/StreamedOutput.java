package keelson.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The output of a long-running kubectl (a {@code get -w}, a {@code wait}) collected as it comes,
 * so a test can wait for a line to appear. Closing it stops the process.
 */
final class StreamedOutput implements AutoCloseable {
  private final Process process;
  private final StringBuffer seen = new StringBuffer();
  private final Thread reader;

  StreamedOutput(Process process) {
    this.process = process;
    this.reader = Thread.ofVirtual().start(() -> copy(process.getInputStream()));
  }

  private void copy(InputStream in) {
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException ignored) {
      // the process was stopped
    }
  }

  /** Waits until the output contains {@code text}, failing with the output so far. */
  void awaitContains(String text, Duration timeout) {
    await().atMost(timeout).failFast(() -> !process.isAlive() && !reader.isAlive() && !text(text))
        .until(() -> text(text));
  }

  private boolean text(String text) {
    return seen.toString().contains(text);
  }

  /** Returns everything seen so far. */
  String text() {
    return seen.toString();
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new AssertionError("kubectl did not exit within " + timeout + "; output so far:\n" + text());
    }
    reader.join(Duration.ofSeconds(10));
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
