package keelson.nodes.dns;

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
 * {@code dns.Configurer} does ({@code pkg/kubelet/network/dns}). Pure; {@link PodResolvConfs}
 * writes the result for each running pod.
 *
 * @param nameservers at most three
 * @param searches the search path, at most 32 domains and 2,048 characters
 * @param options resolver options ({@code ndots:5}), name or {@code name:value}
 */
public record ResolverConfig(List<String> nameservers, List<String> searches, List<String> options) {
  static final int MAX_NAMESERVERS = 3;
  static final int MAX_SEARCHES = 32;
  static final int MAX_SEARCH_CHARS = 2048;
  private static final int MAX_DOMAIN_LENGTH = 253;

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
    return new ResolverConfig(cap(nameservers, MAX_NAMESERVERS), capSearches(searches), options);
  }

  private static List<String> cap(List<String> values, int max) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
    return distinct.size() > max ? distinct.subList(0, max) : distinct;
  }

  /**
   * Kubelet's search-path limits: at most 32 domains, none longer than 253 characters (some
   * resolvers abort on them), and domains dropped from the end until the line fits 2,048.
   */
  private static List<String> capSearches(List<String> values) {
    List<String> kept = new ArrayList<>();
    for (String domain : cap(values, MAX_SEARCHES)) {
      if (domain.length() <= MAX_DOMAIN_LENGTH) {
        kept.add(domain);
      }
    }
    while (!kept.isEmpty() && String.join(" ", kept).length() > MAX_SEARCH_CHARS) {
      kept.removeLast();
    }
    return kept;
  }

  /**
   * Reads a node's resolv.conf as kubelet does: {@code nameserver}, {@code search}/{@code domain}
   * (the last one wins, trailing dots dropped) and {@code options} lines; comments ignored.
   */
  public static ResolverConfig parse(String resolvConf) {
    List<String> nameservers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    List<String> options = new ArrayList<>();
    for (String raw : resolvConf.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      switch (fields[0]) {
        case "nameserver" -> {
          if (fields.length > 1) {
            nameservers.add(fields[1]);
          }
        }
        case "search", "domain" -> {
          searches.clear();
          for (int i = 1; i < fields.length; i++) {
            String domain = fields[i].endsWith(".") ? fields[i].substring(0, fields[i].length() - 1) : fields[i];
            if (!domain.isEmpty()) {
              searches.add(domain);
            }
          }
        }
        case "options" -> options.addAll(List.of(fields).subList(1, fields.length));
        default -> { }
      }
    }
    return new ResolverConfig(nameservers, searches, options);
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
