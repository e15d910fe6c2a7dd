package keelson.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl from the PATH, pointed at one server with its own discovery cache directory
 * (kubectl caches discovery and /version per host:port; sharing a cache between servers that reuse
 * a port would leak stale answers between tests).
 */
public final class Kubectl {
  private final Path kubeconfig;
  private final Path cacheDir;
  private final String binary;

  public Kubectl(KeelsonProcess server, Path cacheDir) {
    this(server.kubeconfig(), cacheDir, "kubectl");
  }

  public Kubectl(Path kubeconfig, Path cacheDir, String binary) {
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
    this.binary = binary;
  }

  /**
   * A kubectl of one client version: the real binary {@code kubectl.<minor>} that sits beside the
   * machine's kubectl dispatcher (kubectl-protocol.md §1), run directly so the server's /version
   * stays the truth. Fails clearly, never skips, when that binary is not installed.
   *
   * @param minor the client version, for example {@code 1.27}
   */
  public static Kubectl version(KeelsonProcess server, Path cacheDir, String minor) {
    return new Kubectl(server.kubeconfig(), cacheDir, versionedBinary(minor).toString());
  }

  /** Returns the path of {@code kubectl.<minor>} beside the dispatcher, failing when it is missing. */
  static Path versionedBinary(String minor) {
    requireInstalled();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path dispatcher = Path.of(dir, "kubectl");
      if (!Files.isExecutable(dispatcher)) {
        continue;
      }
      Path binary;
      try {
        binary = dispatcher.toRealPath().resolveSibling("kubectl." + minor);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException("kubectl " + minor + " is not installed: expected " + binary
            + " beside the kubectl dispatcher " + dispatcher);
      }
      return binary;
    }
    throw new IllegalStateException("kubectl is not on the PATH");
  }

  /** Fails with a clear message when kubectl is not installed: the suite never skips silently. */
  public static void requireInstalled() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) {
        return;
      }
    }
    throw new IllegalStateException("kubectl is not on the PATH; the end-to-end suite drives the real kubectl");
  }

  /** Runs kubectl with the given arguments and returns its result. */
  public Result run(String... args) {
    return run(Map.of(), null, args);
  }

  /** Runs kubectl with extra environment variables and optional standard input. */
  public Result run(Map<String, String> env, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      builder.environment().remove("KUBECONFIG");
      Process process = builder.start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts kubectl in the background (for {@code get -w}); the caller destroys it. */
  public Process start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts kubectl in the background with standard error discarded (for {@code -o json} watches). */
  public Process startQuiet(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What one kubectl run did.
   *
   * @param exitCode the exit code
   * @param stdout standard output
   * @param stderr standard error
   */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Returns stdout, failing with both streams shown when kubectl did not succeed. */
    public String ok() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl failed with " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return stdout;
    }
  }
}
