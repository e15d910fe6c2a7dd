package keelson.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One range of values handed out to Services — ClusterIPs or node ports — with the storage prefix
 * under which each taken value is claimed by a key of its own.
 */
abstract class Pool {
  /** Where claims live: outside every served kind's prefix, so the watch cache skips them. */
  static final String ROOT = "/registry/keelson/";

  private final String prefix;

  Pool(String prefix) {
    this.prefix = ROOT + prefix;
  }

  /** Returns the storage key claiming a value. */
  final String key(String value) {
    return prefix + value;
  }

  /** Returns the claim keys' common prefix. */
  final String prefix() {
    return prefix;
  }

  /** Returns the value a claim key names. */
  final String valueOf(String key) {
    return key.substring(prefix.length());
  }

  /** Returns how many values the range holds. */
  abstract long size();

  /** Returns how many of the lowest offsets dynamic allocation avoids while others are free. */
  abstract long staticBand();

  /** Returns the value at an offset. */
  abstract String valueAt(long offset);

  /** Returns whether a value belongs to the range. */
  abstract boolean contains(String value);

  /** Returns the values of this pool a Service spec uses. */
  abstract List<String> used(JsonNode spec);

  /** The Service's ClusterIPs (only the range's, not "None"). */
  static final class ClusterIPs extends Pool {
    private final ServiceCidr cidr;

    ClusterIPs(ServiceCidr cidr) {
      super("serviceips/");
      this.cidr = cidr;
    }

    ServiceCidr cidr() {
      return cidr;
    }

    @Override
    long size() {
      return cidr.usable();
    }

    @Override
    long staticBand() {
      return cidr.staticBand();
    }

    @Override
    String valueAt(long offset) {
      return cidr.address(offset);
    }

    @Override
    boolean contains(String value) {
      return cidr.offset(value).isPresent();
    }

    @Override
    List<String> used(JsonNode spec) {
      if ("ExternalName".equals(spec.path("type").asText())) {
        return List.of();
      }
      List<String> ips = new ArrayList<>();
      spec.path("clusterIPs").forEach(ip -> ips.add(ip.asText()));
      String primary = spec.path("clusterIP").asText("");
      if (ips.isEmpty() && !primary.isEmpty()) {
        ips.add(primary);
      }
      ips.removeIf(ip -> !contains(ip));
      return ips;
    }
  }

  /** The node ports of NodePort and LoadBalancer Services. */
  static final class NodePorts extends Pool {
    private final int base;
    private final int size;

    NodePorts(int first, int last) {
      super("servicenodeports/");
      this.base = first;
      this.size = last - first + 1;
    }

    String range() {
      return base + "-" + (base + size - 1);
    }

    @Override
    long size() {
      return size;
    }

    /** min(max(16, size/32), 128), as kube-apiserver's port allocator sizes its static band. */
    @Override
    long staticBand() {
      return Math.min(Math.max(16, size / 32), 128);
    }

    @Override
    String valueAt(long offset) {
      return Long.toString(base + offset);
    }

    @Override
    boolean contains(String value) {
      return parse(value).filter(p -> p >= base && p < base + size).isPresent();
    }

    @Override
    List<String> used(JsonNode spec) {
      String type = spec.path("type").asText();
      if (!type.equals("NodePort") && !type.equals("LoadBalancer")) {
        return List.of();
      }
      List<String> ports = new ArrayList<>();
      for (JsonNode port : spec.path("ports")) {
        long nodePort = port.path("nodePort").asLong(0);
        if (nodePort != 0 && !ports.contains(Long.toString(nodePort))) {
          ports.add(Long.toString(nodePort));
        }
      }
      return ports;
    }

    private static Optional<Integer> parse(String value) {
      try {
        return Optional.of(Integer.parseInt(value));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }
}
