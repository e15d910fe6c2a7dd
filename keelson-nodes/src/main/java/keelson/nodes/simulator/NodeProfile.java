package keelson.nodes.simulator;

/**
 * What every simulated node reports about itself: resources and software versions.
 *
 * @param memory memory capacity in the kubelet's unit (Ki)
 */
public record NodeProfile(String cpu, String memory, String pods, String ephemeralStorage,
    String kubeletVersion, String containerRuntimeVersion, String osImage, String kernelVersion,
    String architecture, String operatingSystem) {

  /** An 8-CPU, 32 GiB, 110-pod linux/amd64 node running kubelet v1.32.2 on containerd. */
  public static NodeProfile defaults() {
    return new NodeProfile("8", "33554432Ki", "110", "104857600Ki", "v1.32.2", "containerd://1.7.24",
        "Debian GNU/Linux 12 (bookworm)", "6.1.0-keelson-amd64", "amd64", "linux");
  }
}
