package keelson.nodes;

import java.time.Duration;
import keelson.nodes.dns.PodDnsSettings;
import keelson.nodes.pods.PodTimings;
import keelson.nodes.simulator.NodeProfile;

/**
 * Settings of the node components; {@link #defaults} gives Kubernetes' own values.
 *
 * @param count how many nodes {@code keelson-node-1..count} to register
 * @param clusterCidr where pod CIDRs come from; blocks are handed out from {@code firstPodCidr}
 *     upward, wrapping around
 * @param leaseInterval how often a kubelet renews its Lease (10 s)
 * @param statusInterval how often a kubelet posts unchanged node status (5 min, the kubelet's
 *     nodeStatusReportFrequency: with node Leases as the heartbeat, status is posted when it changes
 *     and otherwise only this often)
 * @param nodeMonitorGracePeriod how long without a heartbeat before a node is Unknown (40 s)
 * @param defaultTolerationSeconds how long pods without their own toleration stay on a not-ready or
 *     unreachable node (300 s, the DefaultTolerationSeconds admission default)
 * @param podGcPeriod how often pod GC runs (20 s)
 * @param podGcQuarantine how long a node must be gone before its pods are collected (40 s)
 * @param podDns the kubelets' DNS flags and where they write each pod's resolv.conf (none by default)
 */
public record NodesConfig(int count, String clusterCidr, String firstPodCidr, NodeProfile profile,
    PodTimings podTimings, Duration leaseInterval, int leaseDurationSeconds, Duration statusInterval,
    Duration nodeMonitorGracePeriod, Duration defaultTolerationSeconds, Duration podGcPeriod,
    Duration podGcQuarantine, int nodeWorkers, int podWorkers, PodDnsSettings podDns) {

  /**
   * Kubernetes' defaults for {@code count} nodes. Pod CIDRs start at 10.244.0.0/24 as kind's do;
   * the pool is 10.224.0.0/11 so that more than 256 nodes (up to 8,192) still get one.
   */
  public static NodesConfig defaults(int count) {
    return new NodesConfig(count, "10.224.0.0/11", "10.244.0.0/24", NodeProfile.defaults(), PodTimings.defaults(),
        Duration.ofSeconds(10), 40, Duration.ofMinutes(5), Duration.ofSeconds(40), Duration.ofSeconds(300),
        Duration.ofSeconds(20), Duration.ofSeconds(40), 4, 16, PodDnsSettings.none());
  }

  /** Returns a copy with other pod step delays. */
  public NodesConfig withPodTimings(PodTimings timings) {
    return new NodesConfig(count, clusterCidr, firstPodCidr, profile, timings, leaseInterval, leaseDurationSeconds,
        statusInterval, nodeMonitorGracePeriod, defaultTolerationSeconds, podGcPeriod, podGcQuarantine, nodeWorkers,
        podWorkers, podDns);
  }

  /** Returns a copy with another node monitor grace period. */
  public NodesConfig withNodeMonitorGracePeriod(Duration grace) {
    return new NodesConfig(count, clusterCidr, firstPodCidr, profile, podTimings, leaseInterval, leaseDurationSeconds,
        statusInterval, grace, defaultTolerationSeconds, podGcPeriod, podGcQuarantine, nodeWorkers, podWorkers,
        podDns);
  }

  /** Returns a copy whose kubelets write each pod's resolv.conf with these DNS flags. */
  public NodesConfig withPodDns(PodDnsSettings dns) {
    return new NodesConfig(count, clusterCidr, firstPodCidr, profile, podTimings, leaseInterval, leaseDurationSeconds,
        statusInterval, nodeMonitorGracePeriod, defaultTolerationSeconds, podGcPeriod, podGcQuarantine, nodeWorkers,
        podWorkers, dns);
  }
}
