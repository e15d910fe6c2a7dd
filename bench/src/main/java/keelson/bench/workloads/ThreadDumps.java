package keelson.bench.workloads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Optional {@code jcmd <pid> Thread.print} samples of the server while a scenario runs: {@code
 * --thread-dumps N} samples, 1 s apart from 0.5 s after the scenario's first create, written to
 * {@code --dump-dir} (default {@code /tmp/wlbench-dumps}) as {@code <scenario>-<i>.txt}.
 */
final class ThreadDumps {
  private final Thread thread;

  private ThreadDumps(Thread thread) {
    this.thread = thread;
  }

  static ThreadDumps start(ServerUnderTest server, Map<String, String> options, String scenario) throws IOException {
    int count = Integer.parseInt(options.getOrDefault("thread-dumps", "0"));
    if (count <= 0) {
      return new ThreadDumps(null);
    }
    Path dir = Files.createDirectories(Path.of(options.getOrDefault("dump-dir", "/tmp/wlbench-dumps")));
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Thread thread = Thread.ofPlatform().daemon().name("thread-dumps").start(() -> {
      try {
        Thread.sleep(500);
        for (int i = 1; i <= count; i++) {
          long started = System.nanoTime();
          Process p = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "Thread.print")
              .redirectErrorStream(true).redirectOutput(dir.resolve(scenario + "-" + i + ".txt").toFile()).start();
          p.waitFor(10, TimeUnit.SECONDS);
          long left = 1000 - (System.nanoTime() - started) / 1_000_000;
          if (left > 0) {
            Thread.sleep(left);
          }
        }
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        WorkloadBench.progress("thread dump failed: " + e);
      }
    });
    return new ThreadDumps(thread);
  }

  void stop() throws InterruptedException {
    if (thread != null) {
      thread.join(15_000);
    }
  }
}
