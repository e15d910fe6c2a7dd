package keelson.server;

import picocli.CommandLine;

/**
 * A listen address given as {@code HOST:PORT}.
 *
 * @param host the host or IP address
 * @param port the TCP/UDP port, 0 for any free one
 */
public record HostPort(String host, int port) {

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Parses {@code HOST:PORT} (IPv6 hosts in brackets) for picocli, with a one-line error. */
  static final class Converter implements CommandLine.ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new CommandLine.TypeConversionException("expected HOST:PORT, got '" + value + "'");
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + value.substring(colon + 1) + "' is not a port number");
      }
      if (port < 0 || port > 65535) {
        throw new CommandLine.TypeConversionException("port " + port + " is outside 0-65535");
      }
      return new HostPort(host, port);
    }
  }
}
