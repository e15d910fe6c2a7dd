package keelson.dns.records;

/** How {@code <dashed-ip>.<namespace>.pod.<zone>} names are answered (the plugin's {@code pods} option). */
public enum PodsMode {
  /** Always NXDOMAIN (the plugin's default). */
  DISABLED,
  /** Any syntactically valid IP in an existing namespace, without looking at pods (kubeadm's setting). */
  INSECURE,
  /** Only if a pod in that namespace currently has that IP. */
  VERIFIED
}
