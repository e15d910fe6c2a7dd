package keelson.scheduler.cache;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of the resources the scheduler accounts for: CPU in millicores, memory and ephemeral
 * storage in bytes, and extended ("scalar") resources such as {@code nvidia.com/gpu} in their own
 * units. Immutable.
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, Map<String, Long> scalar) {
  public static final Resources ZERO = new Resources(0, 0, 0, Map.of());
  /** The CPU a container without a CPU request counts as when scoring, as kube-scheduler. */
  public static final long DEFAULT_MILLI_CPU = 100;
  /** The memory a container without a memory request counts as when scoring (200 MiB). */
  public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

  public Resources {
    // Sorted, so reasons about extended resources come in a stable order.
    scalar = scalar.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(scalar));
  }

  /** Returns the resources of a resource list (requests, allocatable), ignoring {@code pods}. */
  public static Resources of(Map<String, Quantity> list) {
    if (list == null || list.isEmpty()) {
      return ZERO;
    }
    long cpu = 0;
    long memory = 0;
    long ephemeral = 0;
    Map<String, Long> scalar = new TreeMap<>();
    for (Map.Entry<String, Quantity> e : list.entrySet()) {
      switch (e.getKey()) {
        case "cpu" -> cpu = milli(e.getValue());
        case "memory" -> memory = value(e.getValue());
        case "ephemeral-storage" -> ephemeral = value(e.getValue());
        case "pods" -> { }
        default -> {
          if (isScalar(e.getKey())) {
            scalar.put(e.getKey(), value(e.getValue()));
          }
        }
      }
    }
    return new Resources(cpu, memory, ephemeral, scalar);
  }

  /** Returns a quantity in thousandths, rounded up as Kubernetes' {@code MilliValue}. */
  public static long milli(Quantity quantity) {
    return amount(quantity).movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Returns a quantity as a whole number, rounded up as Kubernetes' {@code Value}. */
  public static long value(Quantity quantity) {
    return amount(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  private static BigDecimal amount(Quantity quantity) {
    return quantity == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(quantity);
  }

  /**
   * Returns whether a resource name is one the scheduler fits as a scalar: extended resources
   * (domain-prefixed names outside {@code kubernetes.io/}), hugepages and attachable volumes.
   */
  static boolean isScalar(String name) {
    return name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")
        || (name.contains("/") && !name.startsWith("kubernetes.io/") && !name.startsWith("requests."));
  }

  /** Returns this plus that. */
  public Resources plus(Resources that) {
    return new Resources(milliCpu + that.milliCpu, memory + that.memory,
        ephemeralStorage + that.ephemeralStorage, mergeScalar(that, 1));
  }

  /** Returns this minus that. */
  public Resources minus(Resources that) {
    return new Resources(milliCpu - that.milliCpu, memory - that.memory,
        ephemeralStorage - that.ephemeralStorage, mergeScalar(that, -1));
  }

  /** Returns the larger of this and that, resource by resource. */
  public Resources max(Resources that) {
    Map<String, Long> merged = new TreeMap<>(scalar);
    that.scalar.forEach((k, v) -> merged.merge(k, v, Math::max));
    return new Resources(Math.max(milliCpu, that.milliCpu), Math.max(memory, that.memory),
        Math.max(ephemeralStorage, that.ephemeralStorage), merged);
  }

  /** Returns an extended resource's amount, zero when absent. */
  public long scalar(String name) {
    return scalar.getOrDefault(name, 0L);
  }

  /** Returns whether every amount is zero. */
  public boolean isZero() {
    if (milliCpu != 0 || memory != 0 || ephemeralStorage != 0) {
      return false;
    }
    for (long value : scalar.values()) { // asked per node for every pod: no stream
      if (value != 0) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Long> mergeScalar(Resources that, int sign) {
    if (that.scalar.isEmpty()) {
      return scalar;
    }
    Map<String, Long> merged = new TreeMap<>(scalar);
    that.scalar.forEach((k, v) -> merged.merge(k, sign * v, Long::sum));
    return merged;
  }
}
