package keelson.storage.sqlite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import keelson.storage.KeyValue;

/**
 * The victim of {@link SqliteCrashIT}: writes new keys from several threads until killed, printing
 * {@code ack <key> <revision> end} after each write returns. A line is printed only after the
 * store acknowledged the write, so every complete line names a write that must survive.
 *
 * <p>Arguments: data directory, key prefix, writer threads.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    String prefix = args[1];
    int threads = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
    byte[] value = new byte[256];
    Arrays.fill(value, (byte) 'x');
    SqliteStore store = SqliteStore.open(dataDir);
    out.println("ready " + store.currentRevision() + " end");
    out.flush();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread.ofPlatform()
          .start(
              () -> {
                for (long i = 0; ; i++) {
                  KeyValue kv = store.create(prefix + thread + "/" + i, value);
                  synchronized (out) {
                    out.println("ack " + kv.key() + " " + kv.modRevision() + " end");
                    out.flush();
                  }
                }
              });
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
