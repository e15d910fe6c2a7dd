package keelson.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code keelson} command line. */
@Command(
    name = "keelson",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "A lightweight Kubernetes-compatible control plane in one JVM.",
    subcommands = {ServerCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code: 0 on success, 2 on a usage error. */
  public static void main(String[] args) {
    CommandLine line = new CommandLine(new Main());
    line.setParameterExceptionHandler(Main::usageError);
    System.exit(line.execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try 'keelson server')");
  }

  /** Prints one clear line for a bad flag or value and exits with 2, as usage errors do. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    String command = e.getCommandLine().getCommandName();
    String prefix = command.equals("keelson") ? "keelson" : "keelson " + command;
    e.getCommandLine().getErr().println(prefix + ": " + e.getMessage() + " (see '" + prefix + " --help')");
    return 2;
  }

  /** Reports the version of the jar, or "dev" when running from classes. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"keelson " + version() + " (Kubernetes API 1.32)"};
    }
  }

  /** Returns Keelson's version. */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
