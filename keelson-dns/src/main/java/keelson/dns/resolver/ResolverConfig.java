package keelson.dns.resolver;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The resolver settings kubelet writes to a pod's {@code /etc/resolv.conf}, computed as kubelet's
 * {@code dns.Configurer} does. Keelson runs no containers, so nothing reads a resolv.conf: the
 * settings are exposed here (and could be published, e.g. as an annotation, by the node simulator).
 *
 * @param nameservers at most three
 * @param searches the search path, at most 32 domains
 * @param options resolver options ({@code ndots:5}), name or {@code name:value}
 */
public record ResolverConfig(List<String> nameservers, List<String> searches, List<String> options) {
  /** The annotation under which a node simulator could publish {@link #toResolvConf()}. */
  public static final String ANNOTATION = "keelson.dev/resolv-conf";
  static final int MAX_NAMESERVERS = 3;
  static final int MAX_SEARCHES = 32;

  public ResolverConfig {
    nameservers = List.copyOf(nameservers);
    searches = List.copyOf(searches);
    options = List.copyOf(options);
  }

  /** The node's own resolver (what {@code dnsPolicy: Default} copies); here: nothing. */
  public static ResolverConfig none() {
    return new ResolverConfig(List.of(), List.of(), List.of());
  }

  /** {@link #forPod(Pod, String, String, ResolverConfig)} for a node without search domains. */
  public static ResolverConfig forPod(Pod pod, String kubeDnsIp, String zone) {
    return forPod(pod, kubeDnsIp, zone, none());
  }

  /**
   * Computes a pod's resolver settings.
   *
   * <ul>
   *   <li>{@code ClusterFirst} (the default) and {@code ClusterFirstWithHostNet}: nameserver = the
   *       kube-dns ClusterIP, search {@code <ns>.svc.<zone> svc.<zone> <zone>} then the node's
   *       search domains, {@code ndots:5}. A {@code hostNetwork} pod with {@code ClusterFirst} gets
   *       the node's settings instead, as kubelet does.
   *   <li>{@code Default}: the node's settings.
   *   <li>{@code None}: only what {@code spec.dnsConfig} says.
   * </ul>
   *
   * {@code spec.dnsConfig} is then merged: nameservers and searches appended without duplicates
   * (capped at 3 and 32), options replacing those of the same name.
   *
   * @param node the node's own resolver settings
   */
  public static ResolverConfig forPod(Pod pod, String kubeDnsIp, String zone, ResolverConfig node) {
    var spec = pod.getSpec();
    String policy = spec == null || spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
    boolean hostNetwork = spec != null && Boolean.TRUE.equals(spec.getHostNetwork());
    String namespace = pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
    List<String> nameservers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    List<String> options = new ArrayList<>();
    boolean clusterFirst = policy.equals("ClusterFirstWithHostNet") || (policy.equals("ClusterFirst") && !hostNetwork);
    if (clusterFirst) {
      nameservers.add(kubeDnsIp);
      searches.addAll(List.of(namespace + ".svc." + zone, "svc." + zone, zone));
      searches.addAll(node.searches());
      options.add("ndots:5");
    } else if (!policy.equals("None")) {
      nameservers.addAll(node.nameservers());
      searches.addAll(node.searches());
      options.addAll(node.options());
    }
    PodDNSConfig extra = spec == null ? null : spec.getDnsConfig();
    if (extra != null) {
      if (extra.getNameservers() != null) {
        nameservers.addAll(extra.getNameservers());
      }
      if (extra.getSearches() != null) {
        searches.addAll(extra.getSearches());
      }
      if (extra.getOptions() != null) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String option : options) {
          int colon = option.indexOf(':');
          merged.put(colon < 0 ? option : option.substring(0, colon), option);
        }
        for (PodDNSConfigOption option : extra.getOptions()) {
          merged.put(option.getName(), option.getValue() == null ? option.getName()
              : option.getName() + ":" + option.getValue());
        }
        options = new ArrayList<>(merged.values());
      }
    }
    return new ResolverConfig(cap(nameservers, MAX_NAMESERVERS), cap(searches, MAX_SEARCHES), options);
  }

  private static List<String> cap(List<String> values, int max) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
    return distinct.size() > max ? distinct.subList(0, max) : distinct;
  }

  /** The resolv.conf text kubelet would write. */
  public String toResolvConf() {
    StringBuilder out = new StringBuilder();
    if (!searches.isEmpty()) {
      out.append("search ").append(String.join(" ", searches)).append('\n');
    }
    nameservers.forEach(ns -> out.append("nameserver ").append(ns).append('\n'));
    if (!options.isEmpty()) {
      out.append("options ").append(String.join(" ", options)).append('\n');
    }
    return out.toString();
  }

  /**
   * The names a resolver with these settings tries for {@code name}, in order (glibc's rule: a
   * name with at least {@code ndots} dots or a trailing dot is tried as is first).
   */
  public List<String> candidates(String name) {
    if (name.endsWith(".")) {
      return List.of(name);
    }
    int ndots = 1;
    for (String option : options) {
      if (option.startsWith("ndots:")) {
        ndots = Integer.parseInt(option.substring("ndots:".length()));
      }
    }
    long dots = name.chars().filter(c -> c == '.').count();
    List<String> out = new ArrayList<>();
    if (dots >= ndots) {
      out.add(name + ".");
    }
    searches.forEach(s -> out.add(name + "." + s + "."));
    if (dots < ndots) {
      out.add(name + ".");
    }
    return out;
  }
}
