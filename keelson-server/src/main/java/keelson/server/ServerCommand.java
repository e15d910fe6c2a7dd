package keelson.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keelson server}: starts the control plane and runs until SIGTERM or Ctrl-C. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Start a Kubernetes-compatible control plane in this process and write a kubeconfig for it.")
final class ServerCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./.keelson",
      description = "Where Keelson keeps its database, credentials, certificates and kubeconfig (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:6443",
      converter = HostPort.Converter.class,
      description = "Address of the Kubernetes API (default: ${DEFAULT-VALUE}).")
  HostPort listen;

  @Option(names = "--storage", paramLabel = "sqlite|memory|etcd://HOST:PORT[,HOST:PORT...]",
      defaultValue = "sqlite",
      description = "Storage backend: sqlite (one durable file in the data dir), memory (lost on exit), "
          + "or an etcd v3 cluster (default: ${DEFAULT-VALUE}).")
  String storage;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
      description = "Number of simulated nodes to keep registered (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--dns-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:10053",
      converter = HostPort.Converter.class,
      description = "Address of the cluster DNS server, UDP and TCP (default: ${DEFAULT-VALUE}).")
  HostPort dnsListen;

  @Option(names = "--tls",
      description = "Serve the API over HTTPS (HTTP/2 and HTTP/1.1) with a self-signed CA and serving certificate "
          + "kept in the data dir, and require the kubeconfig's token on every request but /healthz, /livez, "
          + "/readyz and /version. Without it the API is plain HTTP and admits requests without credentials.")
  boolean tls;

  @Override
  public Integer call() throws Exception {
    validate();
    CountDownLatch stopped = new CountDownLatch(1);
    KeelsonServer server;
    try {
      Files.createDirectories(dataDir);
      server = KeelsonServer.start(new KeelsonServer.Settings(
          dataDir.toAbsolutePath().normalize(), listen, storage, nodes, dnsListen, Main.version(), tls));
    } catch (Exception e) {
      // Expected start failures (port taken, storage unreachable, data dir unwritable) are one line.
      spec.commandLine().getErr().println("keelson server: failed to start: " + describe(e));
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "shutdown"));
    System.out.println("Keelson is ready at " + server.url() + " - use it with: export KUBECONFIG="
        + server.kubeconfig());
    System.out.flush();
    stopped.await();
    return 0;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.lines().findFirst().orElse(message);
  }

  private void validate() {
    if (nodes < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--nodes must be 0 or more, got " + nodes);
    }
    if (!storage.equals("sqlite") && !storage.equals("memory") && !storage.startsWith("etcd://")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--storage must be sqlite, memory or etcd://HOST:PORT[,HOST:PORT...], got '" + storage + "'");
    }
    if (storage.startsWith("etcd://")) {
      String endpoints = storage.substring("etcd://".length());
      HostPort.Converter converter = new HostPort.Converter();
      if (endpoints.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--storage etcd:// needs at least one HOST:PORT");
      }
      for (String endpoint : endpoints.split(",")) {
        try {
          converter.convert(endpoint);
        } catch (CommandLine.TypeConversionException e) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--storage etcd endpoint: " + e.getMessage());
        }
      }
    }
  }
}
