package keelson.api.tables;

import java.util.Map;
import keelson.api.registry.ResourceType;

/** Finds the table printer of a kind. */
public final class TablePrinters {
  private static final TablePrinter DEFAULT = new DefaultPrinter();

  /** Printers keyed by {@code Kind.group}, as kube-apiserver 1.32 registers them for the served kinds. */
  private static final Map<String, TablePrinter> BY_GROUP_KIND = Map.ofEntries(
      Map.entry("Pod", new PodPrinter()),
      Map.entry("Service", new ServicePrinter()),
      Map.entry("Endpoints", new EndpointsPrinter()),
      Map.entry("PersistentVolumeClaim", new PersistentVolumeClaimPrinter()),
      Map.entry("PersistentVolume", new PersistentVolumePrinter()),
      Map.entry("Node", new NodePrinter()),
      Map.entry("Namespace", new NamespacePrinter()),
      Map.entry("ConfigMap", new ConfigMapPrinter()),
      Map.entry("Secret", new SecretPrinter()),
      Map.entry("ServiceAccount", new ServiceAccountPrinter()),
      Map.entry("Event", new EventPrinter()),
      Map.entry("ResourceQuota", new ResourceQuotaPrinter()),
      Map.entry("LimitRange", new LimitRangePrinter()),
      Map.entry("StatefulSet.apps", new StatefulSetPrinter()),
      Map.entry("DaemonSet.apps", new DaemonSetPrinter()),
      Map.entry("ReplicaSet.apps", new ReplicaSetPrinter()),
      Map.entry("Deployment.apps", new DeploymentPrinter()),
      Map.entry("ControllerRevision.apps", new ControllerRevisionPrinter()),
      Map.entry("EndpointSlice.discovery.k8s.io", new EndpointSlicePrinter()),
      Map.entry("StorageClass.storage.k8s.io", new StorageClassPrinter()),
      Map.entry("Lease.coordination.k8s.io", new LeasePrinter()));

  private TablePrinters() {}

  /** Returns the printer kube-apiserver uses for the kind, or the default Name/Created At printer. */
  public static TablePrinter forType(ResourceType type) {
    return BY_GROUP_KIND.getOrDefault(type.qualifiedKind(), DEFAULT);
  }
}
