package keelson.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keelson.storage.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL and checks that every write it acknowledged survived, and that
 * the revision never went back, twice over the same file.
 */
class SqliteCrashIT {
  private static final int THREADS = 8;
  private static final int ACKS_BEFORE_KILL = 1500;
  private static final long MAX_RUN_MILLIS = 20_000;

  @TempDir Path dir;

  /** What one killed run acknowledged. */
  private record Run(Map<String, Long> acked, long highestAck, long startRevision) {}

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    Path dataDir = dir.resolve("data");
    long before = 0;
    for (int round = 1; round <= 2; round++) {
      Run run = runAndKill(dataDir, "/crash/r" + round + "/");
      assertThat(run.acked()).as("acknowledged writes in round %d", round).isNotEmpty();
      assertThat(run.startRevision()).isGreaterThanOrEqualTo(before);

      try (SqliteStore store = SqliteStore.open(dataDir)) {
        long revision = store.currentRevision();
        assertThat(revision).isGreaterThanOrEqualTo(run.highestAck()).isGreaterThanOrEqualTo(before);
        for (Map.Entry<String, Long> ack : run.acked().entrySet()) {
          KeyValue kv = store.get(ack.getKey()).orElse(null);
          assertThat(kv).as("acknowledged key %s", ack.getKey()).isNotNull();
          assertThat(kv.modRevision()).isEqualTo(ack.getValue());
          assertThat(kv.value()).hasSize(256);
        }
        before = revision;
      }
    }
  }

  private Run runAndKill(Path dataDir, String prefix) throws IOException, InterruptedException {
    Path stderr = dir.resolve("writer-" + prefix.replace('/', '_') + ".err");
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                testClasspath(),
                CrashWriter.class.getName(),
                dataDir.toString(),
                prefix,
                Integer.toString(THREADS))
            .redirectError(stderr.toFile())
            .start();
    Map<String, Long> acked = new LinkedHashMap<>();
    long highest = 0;
    long startRevision = -1;
    long deadline = System.currentTimeMillis() + MAX_RUN_MILLIS;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean killed = false;
      while ((line = out.readLine()) != null) {
        // A line cut by the kill has no " end" and proves nothing.
        if (!line.endsWith(" end")) {
          continue;
        }
        String[] f = line.split(" ");
        if (f[0].equals("ready")) {
          startRevision = Long.parseLong(f[1]);
        } else if (f[0].equals("ack")) {
          long revision = Long.parseLong(f[2]);
          acked.put(f[1], revision);
          highest = Math.max(highest, revision);
        }
        if (!killed && (acked.size() >= ACKS_BEFORE_KILL || System.currentTimeMillis() > deadline)) {
          // SIGKILL: no shutdown hooks, no close. Through the handle, because
          // Process.destroyForcibly() also closes our end of the pipe, and the acknowledgements
          // still in it must be read to be checked.
          writer.toHandle().destroyForcibly();
          killed = true;
        }
      }
    } finally {
      writer.destroyForcibly();
      writer.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(startRevision)
        .as("writer never started; its stderr:\n%s", Files.readString(stderr))
        .isGreaterThanOrEqualTo(0);
    return new Run(acked, highest, startRevision);
  }

  /** Returns this JVM's test classpath, which surefire and failsafe publish in a property. */
  private static String testClasspath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }
}
