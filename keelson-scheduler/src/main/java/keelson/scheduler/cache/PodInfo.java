package keelson.scheduler.cache;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What scheduling needs from a pod, parsed once: its requests (for fitting, and with kube-scheduler's
 * defaults for scoring), host ports, tolerations, node selection and its controller.
 *
 * @param key {@code namespace/name}
 * @param owner the controller owner reference's UID, or null: pods with the same owner are spread
 * @param claims names of the PersistentVolumeClaims the pod mounts (generic ephemeral volumes
 *     included, named {@code <pod>-<volume>})
 */
public record PodInfo(
    String key,
    String uid,
    Pod pod,
    Resources requests,
    Resources nonZeroRequests,
    List<HostPort> hostPorts,
    List<Toleration> tolerations,
    Map<String, String> nodeSelector,
    NodeSelector requiredAffinity,
    List<PreferredSchedulingTerm> preferredAffinity,
    String owner,
    List<String> claims) {

  /** Parses a pod. */
  public static PodInfo of(Pod pod) {
    PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    var meta = pod.getMetadata();
    String key = meta.getNamespace() == null ? meta.getName() : meta.getNamespace() + "/" + meta.getName();
    var affinity = spec.getAffinity() == null ? null : spec.getAffinity().getNodeAffinity();
    return new PodInfo(
        key,
        meta.getUid(),
        pod,
        requests(spec, false),
        requests(spec, true),
        hostPorts(spec),
        spec.getTolerations() == null ? List.of() : List.copyOf(spec.getTolerations()),
        spec.getNodeSelector() == null ? Map.of() : Map.copyOf(spec.getNodeSelector()),
        affinity == null ? null : affinity.getRequiredDuringSchedulingIgnoredDuringExecution(),
        affinity == null || affinity.getPreferredDuringSchedulingIgnoredDuringExecution() == null
            ? List.of() : List.copyOf(affinity.getPreferredDuringSchedulingIgnoredDuringExecution()),
        owner(pod),
        claims(pod, spec));
  }

  /** Returns the node the pod is bound to, or null. */
  public String nodeName() {
    return pod.getSpec() == null ? null : emptyToNull(pod.getSpec().getNodeName());
  }

  /**
   * Returns a pod's effective requests as kube-scheduler computes them: the containers' sum plus
   * restartable (sidecar) init containers, or the largest ordinary init container together with the
   * sidecars started before it, whichever is larger; then the pod overhead.
   *
   * @param nonZero count containers without a CPU or memory request as 100m and 200Mi (scoring only)
   */
  static Resources requests(PodSpec spec, boolean nonZero) {
    Resources containers = Resources.ZERO;
    for (Container c : list(spec.getContainers())) {
      containers = containers.plus(containerRequests(c, nonZero));
    }
    Resources sidecars = Resources.ZERO;
    Resources initMax = Resources.ZERO;
    for (Container c : list(spec.getInitContainers())) {
      Resources r = containerRequests(c, nonZero);
      if ("Always".equals(c.getRestartPolicy())) {
        sidecars = sidecars.plus(r);
        initMax = initMax.max(sidecars);
      } else {
        initMax = initMax.max(sidecars.plus(r));
      }
    }
    Resources total = containers.plus(sidecars).max(initMax);
    if (spec.getOverhead() != null) {
      total = total.plus(Resources.of(spec.getOverhead()));
    }
    return total;
  }

  private static Resources containerRequests(Container c, boolean nonZero) {
    ResourceRequirements rr = c.getResources();
    Map<String, Quantity> requests = rr == null ? null : rr.getRequests();
    Resources r = Resources.of(requests);
    if (nonZero) {
      boolean hasCpu = requests != null && requests.containsKey("cpu");
      boolean hasMemory = requests != null && requests.containsKey("memory");
      r = new Resources(hasCpu ? r.milliCpu() : Resources.DEFAULT_MILLI_CPU,
          hasMemory ? r.memory() : Resources.DEFAULT_MEMORY, r.ephemeralStorage(), r.scalar());
    }
    return r;
  }

  private static List<HostPort> hostPorts(PodSpec spec) {
    List<HostPort> ports = new ArrayList<>(0);
    for (Container c : list(spec.getContainers())) {
      for (ContainerPort p : list(c.getPorts())) {
        if (p.getHostPort() != null && p.getHostPort() > 0) {
          ports.add(new HostPort(p.getProtocol() == null ? "TCP" : p.getProtocol(),
              p.getHostIP() == null || p.getHostIP().isEmpty() ? HostPort.ANY_IP : p.getHostIP(),
              p.getHostPort()));
        }
      }
    }
    return List.copyOf(ports);
  }

  private static String owner(Pod pod) {
    for (OwnerReference ref : list(pod.getMetadata().getOwnerReferences())) {
      if (Boolean.TRUE.equals(ref.getController())) {
        return ref.getUid();
      }
    }
    return null;
  }

  private static List<String> claims(Pod pod, PodSpec spec) {
    List<String> claims = new ArrayList<>(0);
    for (Volume v : list(spec.getVolumes())) {
      if (v.getPersistentVolumeClaim() != null) {
        claims.add(v.getPersistentVolumeClaim().getClaimName());
      } else if (v.getEphemeral() != null) {
        claims.add(pod.getMetadata().getName() + "-" + v.getName());
      }
    }
    return List.copyOf(claims);
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
