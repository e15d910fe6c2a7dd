package keelson.scheduler.cache;

/**
 * A host port a pod asks for: protocol, host IP ({@code 0.0.0.0} when unset) and port.
 */
public record HostPort(String protocol, String hostIp, int port) {
  static final String ANY_IP = "0.0.0.0";

  /** Returns whether two host ports cannot both be bound on one node, as kube-scheduler's NodePorts. */
  public boolean conflictsWith(HostPort other) {
    return port == other.port && protocol.equals(other.protocol)
        && (hostIp.equals(ANY_IP) || other.hostIp.equals(ANY_IP) || hostIp.equals(other.hostIp));
  }
}
