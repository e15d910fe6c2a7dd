package keelson.apiserver.openapi;

import java.util.Map;
import java.util.Optional;

/**
 * Short descriptions, in Keelson's own words, for what {@code kubectl explain} shows most: the
 * served kinds and the StatefulSet, DaemonSet and Service fields the tutorial uses. Other schemas
 * go without one.
 */
final class Descriptions {
  private static final String APPS = "io.k8s.api.apps.v1.";
  private static final String CORE = "io.k8s.api.core.v1.";

  private static final Map<String, String> SCHEMAS =
      Map.ofEntries(
          Map.entry(CORE + "Namespace", "A Namespace groups names: most objects live in one."),
          Map.entry(CORE + "Node", "A Node is a machine, real or simulated, that runs pods."),
          Map.entry(CORE + "Pod", "A Pod is a group of containers scheduled together onto one node."),
          Map.entry(CORE + "PodSpec", "What a pod runs and how: its containers, volumes and scheduling constraints."),
          Map.entry(CORE + "PodTemplateSpec", "The labels and spec of the pods a controller creates."),
          Map.entry(CORE + "Container", "One container of a pod: the image to run and how to run it."),
          Map.entry(CORE + "Service", "A Service gives a set of pods, chosen by label, one name and, unless headless, one virtual IP."),
          Map.entry(CORE + "ServiceSpec", "How a service selects its pods and which ports it exposes."),
          Map.entry(CORE + "ServicePort", "One port a service exposes and the pod port it forwards to."),
          Map.entry(CORE + "Endpoints", "The addresses and ports behind a service, in the older one-object-per-service form."),
          Map.entry(CORE + "PersistentVolumeClaim", "A request for storage by a user, bound to one PersistentVolume."),
          Map.entry(CORE + "PersistentVolume", "A piece of storage in the cluster that a claim can bind to."),
          Map.entry(CORE + "ConfigMap", "Non-secret configuration data as key-value pairs."),
          Map.entry(CORE + "Secret", "Sensitive data, such as passwords or keys, as key-value pairs."),
          Map.entry(CORE + "ServiceAccount", "An identity for processes that run in pods."),
          Map.entry(CORE + "Event", "A report of something that happened to an object, such as a pod being scheduled."),
          Map.entry(CORE + "ResourceQuota", "Caps the total resources and object counts a namespace may use."),
          Map.entry(CORE + "LimitRange", "Default, minimum and maximum resource amounts for each pod, container or claim of a namespace."),
          Map.entry("io.k8s.api.events.v1.Event", "A report of something that happened to an object, in the events.k8s.io form: regarding, note, reportingController and series."),
          Map.entry(CORE + "Binding", "Assigns a pod to a node; the scheduler posts one per pod."),
          Map.entry(APPS + "StatefulSet", "A StatefulSet runs pods with stable names (<set>-<ordinal>), stable storage and ordered rollout."),
          Map.entry(APPS + "StatefulSetSpec", "The desired pods of a StatefulSet: how many, from which template, with which storage."),
          Map.entry(APPS + "StatefulSetStatus", "What the StatefulSet controller last observed about the set's pods."),
          Map.entry(APPS + "DaemonSet", "A DaemonSet runs one copy of a pod on every eligible node."),
          Map.entry(APPS + "DaemonSetSpec", "The pod a DaemonSet runs on each node and how updates roll out."),
          Map.entry(APPS + "DaemonSetStatus", "What the DaemonSet controller last observed about the daemon pods."),
          Map.entry(APPS + "Deployment", "A Deployment keeps a number of interchangeable pods running and rolls out changes through ReplicaSets."),
          Map.entry(APPS + "ReplicaSet", "A ReplicaSet keeps a number of identical pods running."),
          Map.entry(APPS + "ControllerRevision", "An immutable snapshot of a controller's pod template, used for rollouts and rollbacks."),
          Map.entry("io.k8s.api.discovery.v1.EndpointSlice", "A slice of the endpoints behind a service."),
          Map.entry("io.k8s.api.storage.v1.StorageClass", "A class of storage that claims can ask for and that provisioners create volumes for."),
          Map.entry("io.k8s.api.coordination.v1.Lease", "A lease held by one holder at a time, used for leader election and node heartbeats."),
          Map.entry("io.k8s.api.autoscaling.v1.Scale", "The replica count of a scalable resource, read and written through its scale subresource."),
          Map.entry("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "Metadata every persisted object has: name, namespace, labels, annotations and bookkeeping."),
          Map.entry("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "Selects objects by label: every matchLabels pair and every matchExpressions term must hold."));

  private static final Map<String, String> FIELDS =
      Map.ofEntries(
          Map.entry(APPS + "StatefulSetSpec#replicas", "How many pods the set should run. Defaults to 1."),
          Map.entry(APPS + "StatefulSetSpec#selector", "Label query over pods; must match the template's labels."),
          Map.entry(APPS + "StatefulSetSpec#serviceName", "Name of the (usually headless) Service that gives each pod its DNS name <pod>.<service>."),
          Map.entry(APPS + "StatefulSetSpec#template", "The pod every ordinal is created from."),
          Map.entry(APPS + "StatefulSetSpec#volumeClaimTemplates", "Claims each pod gets its own copy of, named <claim>-<set>-<ordinal>; they outlive the pods."),
          Map.entry(APPS + "StatefulSetSpec#podManagementPolicy", "OrderedReady (default) creates pods one at a time in ordinal order; Parallel does not wait."),
          Map.entry(APPS + "StatefulSetSpec#updateStrategy", "How pods are replaced when the template changes: RollingUpdate (default) or OnDelete."),
          Map.entry(APPS + "StatefulSetSpec#revisionHistoryLimit", "How many old ControllerRevisions to keep. Defaults to 10."),
          Map.entry(APPS + "StatefulSetSpec#minReadySeconds", "How long a new pod must be ready before it counts as available."),
          Map.entry(APPS + "StatefulSetSpec#persistentVolumeClaimRetentionPolicy", "Whether claims are deleted when the set is deleted or scaled down."),
          Map.entry(APPS + "StatefulSetSpec#ordinals", "Where pod ordinals start."),
          Map.entry(APPS + "DaemonSetSpec#selector", "Label query over pods; must match the template's labels."),
          Map.entry(APPS + "DaemonSetSpec#template", "The pod run on each eligible node."),
          Map.entry(APPS + "DaemonSetSpec#updateStrategy", "How pods are replaced when the template changes: RollingUpdate (default) or OnDelete."),
          Map.entry(APPS + "DaemonSetSpec#minReadySeconds", "How long a new pod must be ready before it counts as available."),
          Map.entry(APPS + "DaemonSetSpec#revisionHistoryLimit", "How many old ControllerRevisions to keep. Defaults to 10."),
          Map.entry(CORE + "ServiceSpec#type", "ClusterIP (default), NodePort, LoadBalancer or ExternalName."),
          Map.entry(CORE + "ServiceSpec#clusterIP", "The virtual IP, allocated when empty; None makes the service headless (DNS returns pod IPs)."),
          Map.entry(CORE + "ServiceSpec#selector", "Pods with these labels receive the service's traffic."),
          Map.entry(CORE + "ServiceSpec#ports", "The ports the service exposes."),
          Map.entry(CORE + "ServiceSpec#publishNotReadyAddresses", "Publish DNS records for pods before they are ready."),
          Map.entry(CORE + "ServicePort#port", "The port the service listens on."),
          Map.entry(CORE + "ServicePort#targetPort", "The pod port (number or name) traffic goes to; defaults to port."),
          Map.entry(CORE + "Container#name", "The container's name, unique within the pod."),
          Map.entry(CORE + "Container#image", "The container image to run."));

  private static final Map<String, String> COMMON_FIELDS =
      Map.of(
          "apiVersion", "The versioned schema of this object, such as apps/v1.",
          "kind", "The type of this object, such as StatefulSet.",
          "metadata", "Standard object metadata.",
          "spec", "The desired state.",
          "status", "The most recently observed state; written by the system.");

  private Descriptions() {}

  /** Returns the description of a schema, if Keelson has one. */
  static Optional<String> ofSchema(String schemaName) {
    return Optional.ofNullable(SCHEMAS.get(schemaName));
  }

  /**
   * Returns the description of one field of a schema, if Keelson has one.
   *
   * @param topLevel whether the schema is a kind's, whose apiVersion, kind, metadata, spec and
   *     status fields all mean the same thing
   */
  static Optional<String> ofField(String schemaName, String field, boolean topLevel) {
    String specific = FIELDS.get(schemaName + "#" + field);
    if (specific == null && topLevel) {
      specific = COMMON_FIELDS.get(field);
    }
    return Optional.ofNullable(specific);
  }
}
